// The pre-flight screen in the whole App: `d` on home opens it (placeholders while the facts are read), it
// shows the plan (commits, pending migrations, phases with what each step does, backups, the last deploy),
// scrolls when longer than the terminal; Esc goes home with nothing sent to a host and no run started;
// Enter starts the deploy. Production (real hosts) is named in its own colour.
import { cleanup, render } from 'ink-testing-library';
import chalk from 'chalk';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { resolve } from 'node:path';
import { deployPlan } from '../../../source/engine/plan/deploy-plan.js';
import { previewRender } from '../../../source/engine/plan/plan-render.js';
import { loadProfile } from '../../../source/profile/profile-loader.js';
import type { AppServices } from '../../../source/ui/app-services.js';
import { KeyDispatcherProvider } from '../../../source/ui/hooks/use-key-dispatcher.js';
import { ThemeContext } from '../../../source/ui/hooks/use-theme.js';
import { PreflightScreen } from '../../../source/ui/screens/PreflightScreen.js';
import { createTheme } from '../../../source/ui/theme.js';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices, uiPlanFacts } from '../support/fake-services.js';
import { cleanupRendered, keys, preflightTitle, waitForFrame, waitForText } from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

/** The screen alone, coloured (NO_COLOR unset). */
const draw = (services: AppServices, width = 120, height = 30) =>
  render(
    <ThemeContext.Provider value={createTheme({})}>
      <KeyDispatcherProvider>
        <PreflightScreen
          services={services}
          width={width}
          height={height}
          onStart={() => {}}
          onBack={() => {}}
        />
      </KeyDispatcherProvider>
    </ThemeContext.Provider>,
  );

describe('pre-flight screen', () => {
  it('d shows placeholders, then the plan; Esc goes home and nothing was sent or started', async () => {
    let open = (): void => undefined;
    const planGate = new Promise<void>((resolve) => (open = resolve));
    const fake = createFakeServices({ planGate });
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('d');
    let frame = await waitForText(instance, 'reading the hosts (read-only)…');
    expect(frame).toContain(`${preflightTitle} ui (sandbox)`);
    expect(frame).toContain('Commits to deploy: unknown: reading from the hosts…');
    open();
    frame = await waitForText(instance, 'facts read from the hosts (read-only)');
    expect(frame).toContain('Commits to deploy: 2 (7f572d2..bb283db)');
    expect(frame).toContain('bb283db Integrate SMTP configuration with Alertmanager');
    expect(frame).toContain('Pending migrations: 1');
    expect(frame).toMatch(/Phase 1\/\d+: /);
    // the footer says both ways out: Enter starts, Esc goes back
    expect(frame).toMatch(/Enter start deploy .*Esc back/);
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Actions');
    // read-only: no run was created, and no command reached either host (no lock taken)
    expect(fake.requests).toEqual([]);
    expect(fake.landsraad.ran(/./)).toEqual([]);
    expect(fake.mentat.ran(/./)).toEqual([]);
    expect(fake.planReads.count).toBe(1);
  });

  it("o offers the profile's parts in turn, each planned from the hosts; Enter starts the part shown", async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('d');
    await waitForText(instance, 'facts read from the hosts');
    expect(fake.planReads.count).toBe(1);
    instance.stdin.write('o');
    const frame = await waitForFrame(
      instance,
      (text) => text.includes('deploy --only app') && text.includes('facts read from the hosts'),
    );
    expect(frame).toContain(
      'Partial deploy --only app: runs app, observability (its step unlock only); nothing else',
    );
    expect(fake.planReads.count).toBe(2);
    instance.stdin.write('o');
    await waitForText(instance, 'deploy --only mail');
    instance.stdin.write('o');
    // back to the whole runbook after the last part
    await waitForFrame(instance, (text) => !text.includes('--only') && text.includes('facts read'));
    instance.stdin.write('o');
    await waitForFrame(instance, (text) => text.includes('deploy --only app') && text.includes('facts read'));
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'SMTP relay for alerts');
    expect(fake.requests).toEqual([{ mode: 'deploy', only: 'app' }]);
  });

  it('Enter starts the deploy the plan describes', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 100, 30);
    await waitForText(instance, 'Actions');
    instance.stdin.write('d');
    await waitForText(instance, 'facts read from the hosts');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'SMTP relay for alerts');
    expect(fake.requests).toEqual([{ mode: 'deploy' }]);
    // the run itself takes the lock (the fixture's first step), as a deploy does
    expect(fake.landsraad.ran(/if mkdir -- "\$lock"/)).toHaveLength(1);
  });

  it('scrolls a plan longer than the terminal to its end (the last deploy)', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 80, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('d');
    let frame = await waitForText(instance, 'facts read from the hosts');
    expect(frame).toMatch(/lines 1–\d+ of \d+ · j\/↓ PgDn: more/);
    expect(frame).not.toContain('Last deploy');
    instance.stdin.write('j');
    frame = await waitForText(instance, 'lines 2–');
    for (let page = 0; page < 10 && !frame.includes('· end'); page += 1) {
      const before = frame;
      instance.stdin.write(keys.pgdn);
      frame = await waitForFrame(instance, (now) => now !== before);
    }
    expect(frame).toContain('Last deploy');
    expect(frame).toMatch(/ok in 1m23s \(run 20260105T090000Z-1, by ann/);
  });

  it('the sandbox runbook with nothing pending: migrate is shown skipped, with its reason', async () => {
    const { services } = createFakeServices();
    const loaded = loadProfile('sandbox', { profilesDir: resolve('profiles') });
    if (!loaded.ok) throw new Error('sandbox profile does not load');
    const sandbox: typeof services = {
      ...services,
      profileName: 'sandbox',
      profile: loaded.profile,
      deployPlan: async () => deployPlan(loaded.profile, {}, uiPlanFacts([]), previewRender(loaded.profile)),
    };
    const shown = draw(sandbox, 200, 60);
    let frame = await waitForFrame(shown, (now) => now.includes('facts read from the hosts'));
    expect(frame).toContain('Pending migrations: none');
    for (let page = 0; page < 5 && !frame.includes('(migrate, landsraad)'); page += 1) {
      const before = frame;
      shown.stdin.write(keys.pgdn);
      frame = await waitForFrame(shown, (now) => now !== before);
    }
    expect(frame).toContain(
      '⊘ Run the pending migrations on the live database (migrate, landsraad): skipped: no pending migration (every migration of the target has run on the live database)',
    );
  });

  it('the live plan: a dropping migration warns that a rollback needs a restore; configs and .env keys as read', async () => {
    const { services } = createFakeServices();
    const pending = ['2026_02_01_000000_drop_legacy_token'];
    const facts = {
      ...uiPlanFacts(pending),
      envKeys: { known: true as const, value: { missingLive: ['MAIL_FROM_NAME'], onlyLive: [] } },
      configs: {
        known: true as const,
        value: [{ step: 'configure-alertmanager', host: 'mentat', identical: true, files: [] }],
      },
    };
    const classified = {
      known: true as const,
      value: [
        {
          name: pending[0]!,
          changes: [{ kind: 'drops' as const, target: 'column users.legacy_token' }],
          needsRestore: true,
        },
      ],
    };
    const live: typeof services = {
      ...services,
      deployPlan: async () =>
        deployPlan(services.profile, {}, facts, previewRender(services.profile), {}, classified),
    };
    const shown = draw(live, 200, 60);
    const frame = await waitForFrame(shown, (now) => now.includes('facts read from the hosts'));
    expect(frame).toContain(
      '2026_02_01_000000_drop_legacy_token: drops column users.legacy_token (a rollback then needs a database restore)',
    );
    expect(frame).toContain('Warning: an app rollback after this deploy needs a database restore');
    expect(frame).toContain(
      'Config configure-alertmanager on mentat: identical to the live files (no write, no reload)',
    );
    expect(frame).toContain('.env keys the target expects, missing from the live .env: MAIL_FROM_NAME');
  });

  const magenta = '\u001b[35m';
  it('names a production profile and its hosts in the production colour; the sandbox not', async () => {
    // the test runner's stdout is not a terminal: ask for the 16 colours a terminal gets
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => {
      chalk.level = level;
    });
    const { services } = createFakeServices();
    const profile = {
      ...services.profile,
      hosts: {
        landsraad: { address: 'landsraad.arewel.com', user: 'stilgar', roles: ['app'] },
        mentat: { address: 'mentat.arewel.com', user: 'stilgar', roles: ['observability'] },
      },
    } as typeof services.profile;
    const real: typeof services = {
      ...services,
      profileName: 'production',
      profile,
      deployPlan: async () => deployPlan(profile, {}, uiPlanFacts(), previewRender(profile)),
    };
    const prod = draw(real);
    const frame = await waitForFrame(prod, (now) => now.includes('facts read from the hosts'));
    expect(prod.lastFrame()).toContain(`${magenta}${preflightTitle} production (PRODUCTION)`);
    expect(frame).toContain('landsraad: landsraad.arewel.com as stilgar');
    expect(prod.lastFrame()).toContain(`${magenta}    landsraad: landsraad.arewel.com as stilgar`);
    const play = draw(services);
    await waitForFrame(play, (now) => now.includes('facts read from the hosts'));
    expect(play.lastFrame()).not.toContain(magenta);
  });
});
