import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeServices } from '../support/fake-services.js';
import { renderApp } from '../support/app-harness.js';
import { cleanupRendered, expectFits, keys, waitForText } from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

describe('Home screen', () => {
  it('shows profile, both hosts with latency and fingerprint, lock, live release, SMTP and notes at 80×24', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, 80, 24);
    const frame = await waitForText(instance, 'release 20260106_132320');
    expect(frame).toContain('Profile  ui — UI fixture runbook');
    expect(frame).toMatch(/landsraad\s+127\.0\.0\.1:2201\s+● connected in 3ms\s+SHA256:LLLL/);
    expect(frame).toMatch(/mentat\s+127\.0\.0\.1:2202\s+● connected in 4ms/);
    expect(frame).toContain('Lock     free');
    expect(frame).toContain('landsraad: release 20260106_132320 · commit 7f572d2');
    expect(frame).toContain('mentat: not configured (commented out)');
    expect(frame).toContain('user demo, password demo-pass');
    for (const entry of ['❯ a Assess', '  d Deploy', '  v Verify', '  R Roll back', '  q Quit']) {
      expect(frame).toContain(entry);
    }
    expectFits(frame, 80, 24);
  });

  it('shows the full fingerprint at 120 columns', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, 120, 40);
    const frame = await waitForText(instance, 'release 20260106_132320');
    expect(frame).toContain(`SHA256:${'L'.repeat(43)} (embedded)`);
    expectFits(frame, 120, 40);
  });

  it('j/k and Enter choose from the list; q quits with 0 when nothing runs', async () => {
    const { services } = createFakeServices();
    const { instance, exited } = await renderApp(services, 80, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('j');
    instance.stdin.write('j');
    instance.stdin.write('j');
    await waitForText(instance, '❯ R Roll back');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'Roll back: choose a release or a snapshot');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Actions');
    instance.stdin.write('q');
    expect(await exited()).toBe(0);
  });

  it("shows a sandbox commit with the seed's name, whole at 80 and 120 columns (issue 14, item 7)", async () => {
    for (const width of [80, 120]) {
      const { services } = createFakeServices();
      const named = {
        ...services,
        homeFacts: async () => ({
          ...(await services.homeFacts()),
          liveCommit: '22f330d (7f572d2 in the report)',
        }),
      };
      const { instance } = await renderApp(named, width, 24);
      const frame = await waitForText(instance, '(7f572d2 in the report)');
      expect(frame).toContain(
        width === 80
          ? 'landsraad: 20260106_132320 · 22f330d (7f572d2 in the report)'
          : 'landsraad: release 20260106_132320 · commit 22f330d (7f572d2 in the report)',
      );
      expectFits(frame, width, 24);
      cleanup();
    }
  });
});
