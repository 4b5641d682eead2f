import { describe, expect, it } from 'vitest';
import { describeAction } from '../../source/engine/actions/action-dispatch.js';
import type { StepAction } from '../../source/profile/step-action.js';

describe('the description of a non-run action', () => {
  it('shows real paths, not templates, once rendered', () => {
    const action: StepAction = {
      kind: 'release',
      release: { op: 'activate', base: '{{app_base}}', after: [] },
    };
    const render = (template: string) => template.replace('{{app_base}}', '/var/www/chom');
    expect(describeAction(action, render)).toBe('release activate in /var/www/chom');
  });

  it('falls back to the template when a name is not known yet', () => {
    const action: StepAction = { kind: 'lock', lock: { path: '{{later}}/lock', stale_after: 120 } };
    const render = (): string => {
      throw new Error('unknown name');
    };
    expect(describeAction(action, render)).toBe('take the deploy lock {{later}}/lock');
  });
});
