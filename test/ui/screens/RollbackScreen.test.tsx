import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import { cleanupRendered, expectFits, keys, waitForText } from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

describe('Rollback screen', () => {
  it('at 80×24: releases and snapshots; refuses live and incomplete; Tab to snapshots, confirm, restore runs', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 80, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('R');
    let frame = await waitForText(instance, 'alertmanager-20260101');
    expect(frame).toMatch(/20260106_132320\s+7f572d2\s+3d\s+LIVE\s+Phase 0 baseline/);
    expect(frame).toMatch(/20260105_090000 .*incomplete/);
    expectFits(frame, 80, 24);
    instance.stdin.write('j');
    instance.stdin.write(keys.enter);
    await waitForText(instance, '20260105_090000 is incomplete (never finished deploying)');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.enter);
    frame = await waitForText(
      instance,
      'Confirm: Roll back the observability configuration to alertmanager-20260109',
    );
    expect(frame).toContain('mentat as deploy');
    expect(frame).toContain('❯ Cancel');
    instance.stdin.write('y');
    frame = await waitForText(instance, '✓ rollback finished');
    expect(frame).toContain('Restore the snapshot');
    expect(fake.mentat.ran(/restore-snapshot 'alertmanager-20260109'/)).toHaveLength(1);
    expect(fake.requests[0]).toEqual({
      mode: 'rollback',
      rollbackTarget: 'observability',
      rollbackTo: 'alertmanager-20260109',
    });
    expectFits(frame, 80, 24);
  });

  it('at 120×40 Esc in the confirmation goes back to the list; Esc again goes home', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('R');
    await waitForText(instance, 'alertmanager-20260101');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'Confirm: Roll back');
    instance.stdin.write(keys.esc);
    const frame = await waitForText(instance, 'Observability snapshots on mentat');
    expectFits(frame, 120, 40);
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Actions');
    expect(fake.requests).toEqual([]);
  });

  it('restores an older snapshot, not only the newest: j moves down the snapshot list', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('R');
    await waitForText(instance, 'alertmanager-20260101');
    instance.stdin.write(keys.tab);
    instance.stdin.write('j');
    instance.stdin.write(keys.enter);
    await waitForText(
      instance,
      'Confirm: Roll back the observability configuration to alertmanager-20260101',
    );
    instance.stdin.write('y');
    await waitForText(instance, '✓ rollback finished');
    expect(fake.mentat.ran(/restore-snapshot 'alertmanager-20260101'/)).toHaveLength(1);
    expect(fake.mentat.ran(/restore-snapshot 'alertmanager-20260109'/)).toHaveLength(0);
  });

  it("names a sandbox release's generated commit as the seed's report does (issue 14, item 7)", async () => {
    const fake = createFakeServices();
    const listed = await fake.services.releases();
    const services = {
      ...fake.services,
      releases: async () => [
        ...listed.map((r) => (r.live ? { ...r, commit: '22f330d', seedName: '7f572d2' } : r)),
        {
          name: '20251218_171204',
          commit: '155b932',
          seedName: 'd597c3b',
          message: 'fix: tenants',
          live: false,
          migrationsSince: [],
          complete: true,
        },
      ],
    };
    const { instance } = await renderApp(services, 100, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('R');
    const frame = await waitForText(instance, '(7f572d2 in the report)');
    expect(frame).toMatch(
      /20260106_132320\s+22f330d\s+3d\s+LIVE\s+\(7f572d2 in the report\) Phase 0 baseline/,
    );
    expectFits(frame, 100, 24);
    // the confirmation names the commit the rollback returns to, with its seed name
    instance.stdin.write('j');
    instance.stdin.write('j');
    instance.stdin.write(keys.enter);
    const confirm = await waitForText(instance, 'Confirm: Roll back the application to 20251218_171204');
    expect(confirm).toContain('20251218_171204 · 155b932 (d597c3b in the report)');
    expectFits(confirm, 100, 24);
  });
});
