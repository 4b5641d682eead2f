import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import { cleanupRendered, expectFits, keys, waitForText } from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

describe('Checklist screen (verify)', () => {
  it('at 80×24: live verdicts in 3 groups, failure detail on Enter, export with e, re-run with r', async () => {
    const fake = createFakeServices({ failingChecks: ['c02', 'c15'] });
    const { instance } = await renderApp(fake.services, 80, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('v');
    let frame = await waitForText(instance, '15/17 passing · 2 failing');
    expect(frame).toContain('Application 6/7');
    expect(frame).toMatch(/✗ API routes answer/);
    expect(frame).toContain('verify (read-only)');
    expectFits(frame, 80, 24);
    instance.stdin.write('j');
    instance.stdin.write(keys.enter);
    frame = await waitForText(instance, 'Criterion 2 fails, so api routes answer is not true.');
    expect(frame).toContain('exit code 1, expected 0');
    expectFits(frame, 80, 24);
    instance.stdin.write('e');
    await waitForText(instance, 'exported to /tmp/chom-ui-test/checklist.md');
    const markdown = fake.exported[0]?.content ?? '';
    // The one checklist writer, as `verify` prints it: ✓/✗ per criterion, the meaning and evidence under a failure.
    expect(markdown).toMatch(/^# Success criteria — profile ui \(run [^)]+\)\n\nExported \d{4}-/);
    expect(markdown).toMatch(/✗ 2\. API routes answer \(`c02`\)\n {4}why: Criterion 2 fails/);
    expect(markdown).toContain('    seen: exit code 1, expected 0');
    expect(markdown).toMatch(/✓ \d+\. Prometheus ready/);
    expect(markdown).toContain('## Integration');
    expect(markdown).toContain('15 of 17 criteria pass; 2 fail.');
    instance.stdin.write('r');
    await waitForText(instance, '15/17 passing');
    expect(fake.requests.map((request) => request.mode)).toEqual(['verify', 'verify']);
  });

  it('at 120×40 all 17 criteria are visible with their groups', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('v');
    const frame = await waitForText(instance, '17/17 passing');
    for (const title of ['up', 'Reload successful', 'Notification failures zero'])
      expect(frame).toContain(title);
    expect(frame).toMatch(/Integration 4\/4/);
    expectFits(frame, 120, 40);
  });
});
