import { describe, expect, it } from 'vitest';
import { isForeignTemplate, parseTemplate, templateNames } from '../../source/profile/template-syntax.js';

describe('template syntax', () => {
  it('finds names, raw flags and spaces inside braces', () => {
    expect(parseTemplate('a {{x}} b {{ y.z | raw }}')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'name', name: 'x', raw: false, text: '{{x}}', index: 2 },
      { kind: 'text', text: ' b ' },
      { kind: 'name', name: 'y.z', raw: true, text: '{{ y.z | raw }}', index: 10 },
    ]);
  });

  it('lists distinct names in order of first use', () => {
    expect(templateNames('{{b}} {{a}} {{b}} {{ smtp_api.data.host }}')).toEqual([
      'b',
      'a',
      'smtp_api.data.host',
    ]);
  });

  it('leaves Go templates alone, as a whole string or a token', () => {
    expect(isForeignTemplate('{{ .CommonLabels.alertname }} fired')).toBe(true);
    expect(templateNames('{{ .Status }} on {{ host }}')).toEqual([]);
    expect(templateNames('x {{ .Status }} on {{host}}')).toEqual(['host']);
  });

  it('reports unreadable tokens and unknown filters', () => {
    const [bad] = parseTemplate('{{ two words }}');
    expect(bad).toMatchObject({
      kind: 'malformed',
      reason: 'expected {{name}} or {{name | raw}}, found {{ two words }}',
    });
    expect(parseTemplate('{{x | upper}}')[0]).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('"upper"'),
    });
  });
});
