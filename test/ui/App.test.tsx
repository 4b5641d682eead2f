import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from './support/app-harness.js';
import { createFakeServices, newRelease, oldRelease } from './support/fake-services.js';
import {
  cleanupRendered,
  expectFits,
  keys,
  startDeploy,
  waitForFrame,
  waitForText,
} from './support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

const secret = 'hunter2-Secret';

describe('App: a whole guided deploy by keys only', () => {
  it('deploys (form, confirmations), shows the checklist all green, then rolls back with R', async () => {
    const fake = createFakeServices({ followLine: 'following' });
    const { instance, exited } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    await startDeploy(instance);

    // The SMTP form: defaults filled in, typed fields validated, the secret masked, the test action.
    let frame = await waitForText(instance, 'SMTP relay for alerts');
    expect(frame).toContain('smtp.example.org');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write('alerts@');
    frame = await waitForText(instance, 'alerts@');
    expect(frame).toContain('"" is not a valid mail domain');
    instance.stdin.write('example.org');
    instance.stdin.write(keys.tab);
    instance.stdin.write(secret);
    frame = await waitForText(instance, '•'.repeat(secret.length));
    expect(frame).not.toContain(secret);
    instance.stdin.write(keys.ctrl('t'));
    await waitForText(instance, '✓ logged in to smtp.example.org:587');
    expect(fake.smtpTests[0]).toMatchObject({ from: 'alerts@example.org', password: secret });
    instance.stdin.write(keys.enter);

    // Each critical step asks first, focus on Cancel, with the exact command, changes and undo.
    frame = await waitForText(instance, 'Confirm: Run migrations');
    expect(frame).toContain("cd -- '/srv/chom/releases/20260109_083012' || exit 1");
    expect(frame).toContain('Applies 2 pending migrations (batch 8)');
    expect(frame).toContain('php artisan migrate:rollback --step=2');
    expect(frame).toContain('❯ Cancel');
    expect(frame).toContain('landsraad as deploy');
    instance.stdin.write('y');
    frame = await waitForText(instance, 'Confirm: Switch to the new release');
    // the release the run built, by name
    expect(frame).toContain('switch /srv/chom/current to the new release 20260109_083012 (atomic rename,');
    expect(frame).toContain('then: sudo -n systemctl reload php8.2-fpm');
    instance.stdin.write('y');

    // The deploy ends, the checklist runs by itself: 17 criteria in 3 groups, all green.
    frame = await waitForText(instance, '17/17 passing');
    expect(frame).toContain('Deploy finished ✓');
    expect(frame).toMatch(/Application 7\/7/);
    expect(frame).toMatch(/Observability 6\/6/);
    expect(frame).toContain('every criterion passes');
    expect(fake.world.live).toBe(newRelease);
    expect(fake.landsraad.ran(/php artisan migrate --force/)).toHaveLength(1);
    expect(fake.mentat.ran(/install-secret/)[0]?.stdin).toBe(secret);
    for (const seen of instance.frames) expect(seen).not.toContain(secret);

    // R from anywhere: the releases with the live marker; choose the previous one, confirm, watch it run.
    instance.stdin.write('R');
    frame = await waitForText(instance, 'bb283db');
    expect(frame).toMatch(new RegExp(`${newRelease}\\s+bb283db .*LIVE`));
    instance.stdin.write(keys.enter);
    await waitForText(instance, `${newRelease} is live already`);
    instance.stdin.write('j');
    instance.stdin.write(keys.enter);
    frame = await waitForText(instance, `Roll back the application to ${oldRelease}`);
    expect(frame.replace(/[│║]/g, ' ').replace(/\s+/g, ' ')).toContain(
      `the live release becomes ${oldRelease}; the migration added after it stays applied (a rollback does not undo it): 2026_01_07_000001_create_system_settings`,
    );
    instance.stdin.write('y');
    frame = await waitForText(instance, '✓ rollback finished');
    expect(frame).toContain('Switch back');
    expect(fake.world.live).toBe(oldRelease);
    expect(fake.requests.map((request) => request.mode)).toEqual(['deploy', 'verify', 'rollback']);
    expect(fake.requests[2]).toMatchObject({ rollbackTarget: 'app', rollbackTo: oldRelease });
    expectFits(frame, 120, 40);

    // Esc goes back: to the checklist, to the finished deploy's screen, then home (live release read again).
    instance.stdin.write(keys.esc);
    await waitForText(instance, '17/17 passing');
    instance.stdin.write(keys.esc);
    await waitForText(instance, '✓ deploy finished');
    instance.stdin.write(keys.esc);
    frame = await waitForText(instance, 'Actions');
    expect(frame).toContain(`landsraad: release ${oldRelease}`);
    instance.stdin.write('q');
    expect(await exited()).toBe(0);
  });

  it('a failed health check opens the failure panel with the step pane expanded; rollback runs', async () => {
    const fake = createFakeServices({ healthFailures: 5 });
    const { instance } = await renderApp(fake.services, 80, 24);
    await waitForText(instance, 'Actions');
    await startDeploy(instance);
    await waitForText(instance, 'SMTP relay for alerts');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write('ops@example.org');
    instance.stdin.write(keys.tab);
    instance.stdin.write('pw');
    await waitForText(instance, '••');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('y');
    await waitForText(instance, 'Confirm: Switch to the new release');
    instance.stdin.write('y');
    let frame = await waitForText(instance, 'Health check failed on landsraad');
    expect(frame).toContain('curl -sf http://localhost/up');
    expect(frame).toContain('exit 7');
    expect(frame).toContain('curl: (7) Failed to connect');
    expect(frame).toContain('r Retry');
    expect(frame).toContain('s Skip');
    expect(frame).toContain('b Roll back app');
    expect(frame).toContain('✗ Health check failed (exit 7)');
    expectFits(frame, 80, 24);
    instance.stdin.write('r');
    await waitForFrame(instance, (text) => text.includes('attempt 2'));
    instance.stdin.write('b');
    frame = await waitForText(instance, 'deploy failed (exit 1)');
    expect(frame).toContain('the automatic rollback of app finished ok');
    // The outcome panel: what the rollback's own readlink confirmed is live, then a new deploy.
    expect(frame).toMatch(/landsraad: release 20260106_132320 is live \(confirmed by readlink/);
    expect(frame).toMatch(/chom-console deploy --profile ui +a new deploy/);
    expect(fake.world.live).toBe(oldRelease);
    expect(fake.landsraad.ran(/previous=\$live/)).toHaveLength(1);
  });

  it('q while a deploy runs asks first; staying keeps the run, quitting aborts it with 130', async () => {
    const fake = createFakeServices();
    const { instance, exited, exits } = await renderApp(fake.services, 80, 24);
    await waitForText(instance, 'Actions');
    await startDeploy(instance);
    await waitForText(instance, 'SMTP relay for alerts');
    instance.stdin.write(keys.esc);
    // The form cancelled: the run stops as aborted; start another and quit while it waits at the form.
    await waitForText(instance, 'deploy aborted');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Actions');
    await startDeploy(instance);
    await waitForText(instance, 'SMTP relay for alerts');
    instance.stdin.write(keys.ctrl('c'));
    // The form owns the keyboard, so Ctrl-C typed into it is not text: it asks to quit.
    let frame = await waitForText(instance, 'Quit? A deploy is running and holds the deploy lock.');
    expect(frame).toContain('❯ Stay');
    instance.stdin.write('n');
    frame = await waitForText(instance, 'SMTP relay for alerts');
    expect(frame).toContain('smtp.example.org');
    expect(exits).toEqual([]);
    instance.stdin.write(keys.ctrl('c'));
    await waitForText(instance, 'Quit?');
    instance.stdin.write('y');
    expect(await exited()).toBe(130);
    expect(fake.landsraad.ran(/lock.released/).length).toBeGreaterThanOrEqual(2);
  });
});
