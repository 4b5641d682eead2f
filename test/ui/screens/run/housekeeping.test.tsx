// Issue 13 item 7: lock heartbeats are housekeeping. The command log hides them by default, says how many
// it hides, and one key (H, from the keymap) shows them.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../support/app-harness.js';
import { createFakeServices } from '../../support/fake-services.js';
import {
  cleanupRendered,
  expectFits,
  keys,
  startDeploy,
  waitForFrame,
  waitForText,
} from '../../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

/** Command-log rows of the lock heartbeat: `lock='…'` and two more lines (the release has four). */
const heartbeatRow = /landsraad\s+0\s+\S+ lock='[^']+' ⏎ \+2 lines/;

describe('command log housekeeping', () => {
  it('hides lock heartbeats by default, counts them, and H shows and hides them', async () => {
    const fake = createFakeServices({ heartbeatMs: 5 });
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    await startDeploy(instance);
    await waitForText(instance, 'SMTP relay for alerts');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write('ops@example.org');
    instance.stdin.write(keys.tab);
    instance.stdin.write('pw-1');
    await waitForText(instance, '••••');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'Confirm: Run migrations');
    // Heartbeats keep going while the operator reads the confirmation.
    await waitForFrame(instance, (text) => /\(([3-9]|\d\d+) housekeeping hidden · H shows\)/.test(text));
    // the build changed landsraad: Cancel asks (go back · pause · roll back); pause stops the deploy
    instance.stdin.write('n');
    await waitForText(instance, 'Cancelled at Run migrations');
    instance.stdin.write('p');
    let frame = await waitForText(instance, 'deploy aborted');
    expect(fake.landsraad.ran(/heartbeat=\$\(date/).length).toBeGreaterThanOrEqual(3);
    expect(frame).toMatch(/housekeeping hidden · H shows/);
    expect(frame).not.toMatch(heartbeatRow);
    instance.stdin.write('H');
    frame = await waitForFrame(instance, (text) => heartbeatRow.test(text));
    expect(frame).toContain('(housekeeping shown · H hides)');
    expectFits(frame, 120, 40);
    instance.stdin.write('H');
    frame = await waitForFrame(instance, (text) => /housekeeping hidden · H shows/.test(text));
    expect(frame).not.toMatch(heartbeatRow);
  });
});
