import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import { cleanupRendered, expectFits, waitForText } from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

describe('Assess screen', () => {
  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`at ${columns}×${rows}: probes per host tick off, then the report; w writes it; nothing mutates`, async () => {
      const fake = createFakeServices();
      const { instance } = await renderApp(fake.services, columns, rows);
      await waitForText(instance, 'Actions');
      instance.stdin.write('a');
      const frame = await waitForText(instance, '# Assessment: ui');
      expect(frame).toMatch(/landsraad probes 2\/2/);
      expect(frame).toMatch(/mentat probes 1\/1/);
      expect(frame).toMatch(/✓ Live release/);
      expect(frame).toContain('landsraad Live release: {"live_release":"20260106_132320"}');
      expectFits(frame, columns, rows);
      instance.stdin.write('w');
      await waitForText(instance, 'report written to /tmp/chom-ui-test/assessment.md');
      expect(fake.exported[0]?.content).toContain('mentat SMTP in alertmanager.yml: {"smtp_lines":0}');
      expect(fake.landsraad.ran(/mkdir|mv /)).toHaveLength(0);
    });
  }
});
