// Frame integrity of every step that asks the operator something (confirmation, form, failure) in
// profiles/production.yaml and profiles/sandbox.yaml, each rendered in the real run screen at 80×24,
// 100×30, 120×40 and 200×60 (less the App's header and status rows) with the texts the engine sends (templates rendered with the run's values,
// secrets masked): nothing wider or taller than the terminal, no `{{`, every text readable word for word
// in order (scrolling the dialog where it says there is more), the buttons and key hints on screen.
import { resolve } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cancelPlan, type CancelPlan } from '../../source/engine/run/cancel-plan.js';
import { confirmShown } from '../../source/engine/run/confirm-shown.js';
import { resolveFormDefaults } from '../../source/engine/actions/form-defaults.js';
import type { StepFailure } from '../../source/engine/run/events.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import type { Runner } from '../../source/engine/run/runner.js';
import { RunScope } from '../../source/engine/run/run-scope.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { Step } from '../../source/profile/schema.js';
import { portNames, type PortName, type Ports } from '../../source/sandbox/lifecycle/ports.js';
import { runtimeVars } from '../../source/sandbox/lifecycle/runtime-vars.js';
import { GatesBridge } from '../../source/ui/gates-bridge.js';
import { KeyDispatcherProvider } from '../../source/ui/hooks/use-key-dispatcher.js';
import { ThemeContext } from '../../source/ui/hooks/use-theme.js';
import { RunScreen } from '../../source/ui/screens/RunScreen.js';
import { RunSession } from '../../source/ui/screens/session/run-session.js';
import { createTheme } from '../../source/ui/theme.js';
import { expectFrameFits, expectRecoverable, terminalSizes } from './support/frame-integrity.js';
import { createFakeServices } from './support/fake-services.js';
import { cleanupRendered, keys, renderReady, waitForFrame, type Rendered } from './support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

const secret = 'S3cret-"quoted"-pw';

function load(name: string, runtime: readonly string[]): LoadedProfile {
  const result = loadProfile(name, { profilesDir: resolve('profiles'), runtimeVars: runtime });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.profile;
}

/** The run's values at the moment a step asks: runtime vars, the SMTP form, the facts earlier steps saved. */
function runScope(profile: LoadedProfile, runtime: Record<string, string>): RunScope {
  const scope = new RunScope(profile, runtime);
  const smtp = {
    host: 'smtp.mailgun.org',
    port: '587',
    username: 'postmaster@alerts.arewel.com',
    password: secret,
    encryption: 'tls',
    from_address: 'alerts@arewel.com',
    from_name: 'CHOM alerts',
    alert_to: 'ops@arewel.com',
  };
  scope.setForm('smtp', smtp);
  scope.setFact('smtp_api', { data: { ...smtp, port: 587 } });
  scope.setFact('smtp_require_tls', 'true');
  scope.setFact('rollback_target', '20260106_132320');
  scope.setBuiltin('run_id', '20260107T101500Z-3f2a');
  scope.setBuiltin('operator', 'stilgar');
  scope.setBuiltin('release_id', '20260107_101500');
  scope.setBuiltin(
    'release_path',
    `${scope.variable('app_base') ?? '/var/www/chom'}/releases/20260107_101500`,
  );
  scope.setBuiltin('staged', '/tmp/chom-console.staged.alertmanager.yml');
  scope.setBuiltin('rollback_snapshot', '20260107_101502-20260107T101500Z-3f2a');
  scope.setBuiltin('profile_dir', resolve('profiles'));
  return scope;
}

function sandboxRuntime(): Record<string, string> {
  const ports = Object.fromEntries(
    (Object.keys(portNames) as PortName[]).map((name, index) => [name, 41000 + index]),
  ) as Ports;
  const home = '/home/stilgar/.local/state/chom-console';
  return runtimeVars(home, ports, {
    commits: { '7f572d2': '7f572d2aa01', bb283db: 'bb283dbcc02' },
    messages: {},
    liveRelease: '20260106_132320',
    releases: ['20260106_132320'],
    ports,
  });
}

type Asking = { kind: 'confirm' | 'form' | 'failure'; step: Step };

/** Every step that asks: critical ones confirm (and may fail), form steps show their form. */
function askingSteps(profile: LoadedProfile): Asking[] {
  const steps = [
    ...profile.phases.flatMap((phase) => phase.steps),
    ...Object.values(profile.rollback).flatMap((target) => target?.steps ?? []),
  ];
  return steps.flatMap((step): Asking[] => [
    ...(step.critical
      ? [
          { kind: 'confirm' as const, step },
          { kind: 'failure' as const, step },
        ]
      : []),
    ...(step.form !== undefined ? [{ kind: 'form' as const, step }] : []),
  ]);
}

/**
 * What Cancel does half way through a deploy, as the engine says it: the longest note a confirmation carries
 * (a switched host, a built release, a config installed), so the Cancel row is measured at its widest.
 */
function midDeployCancel(profile: LoadedProfile, stepId: string): CancelPlan {
  const [app = 'landsraad', obs = 'mentat'] = Object.keys(profile.hosts);
  return cancelPlan({
    mode: 'deploy',
    runId: '20260107T101500Z-3f2a',
    stepId,
    hosts: Object.keys(profile.hosts),
    changed: true,
    live: new Map([
      [app, { kind: 'confirmed', release: '20260107_101600', at: '10:17', by: 'switch' } as const],
    ]),
    activated: new Set([app]),
    built: new Map([[app, '20260107_101600']]),
    configured: new Map([
      [
        'configure-alertmanager',
        { kind: 'changed', stepId: 'configure-alertmanager', host: obs, files: ['alertmanager.yml'] },
      ],
    ]),
    rollbacks: { app: true, observability: true },
  });
}

/** A runner that only asks one question through the bridge, as the engine does, and waits for it. */
function askingRunner(bridge: GatesBridge, ask: (bridge: GatesBridge) => Promise<unknown>): Runner {
  return {
    subscribe: () => () => undefined,
    run: () => ask(bridge).then(() => new Promise(() => undefined)),
  } as unknown as Runner;
}

const profiles = [
  { name: 'production', runtime: {} as Record<string, string> },
  { name: 'sandbox', runtime: sandboxRuntime() },
];

describe.each(profiles)('frame integrity: $name', ({ name, runtime }) => {
  const profile = load(name, Object.keys(runtime));
  const scope = runScope(profile, runtime);
  const redactor = new Redactor();
  redactor.add(secret);
  const redact = (text: string): string => redactor.redact(text);
  const cases = askingSteps(profile).flatMap((asking) =>
    terminalSizes.map((size) => ({ ...asking, ...size, label: `${asking.kind} ${asking.step.id}` })),
  );

  it.each(cases)('$label at $columns×$rows', async ({ kind, step, columns, rows }) => {
    const shown = confirmShown(profile, scope, step, profile.stepAction(step), redact);
    const cancel = midDeployCancel(profile, step.id);
    const failure: StepFailure = {
      host: step.host,
      stepId: step.id,
      command: shown.command ?? shown.summary,
      exitCode: 1,
      signal: null,
      stderrTail: [
        `${shown.title}: failed on ${step.host} after 3 attempts`,
        'error: the command exited 1; see the log pane for the full output of this step',
      ],
      message: `${shown.title} failed on ${step.host} (exit code 1)`,
      hint: 'fix the cause on the host, then press r to retry the step or b to roll back what was switched',
    };
    const bridge = new GatesBridge('stilgar');
    const declared = profile.forms[step.form ?? ''];
    // as the engine asks it: defaults rendered with the run's values (form-action.ts)
    const form = declared && resolveFormDefaults(declared, (template) => scope.render(template, 'plain'));
    const runner = askingRunner(bridge, (b) => {
      switch (kind) {
        case 'confirm':
          return b.gates.confirm(step, {
            runId: '20260107T101500Z-3f2a',
            mode: 'deploy',
            host: step.host,
            ...(shown.command !== undefined && step.run !== undefined ? { command: shown.command } : {}),
            shown,
            typeHost: profile.settings.type_host_to_confirm,
            cancel,
          });
        case 'form':
          return b.gates.form({ id: step.form ?? '', form: form!, stepId: step.id });
        case 'failure':
          return b.gates.failure(failure, { canSkip: false, rollback: 'app', attempt: 1 });
        default:
          throw new Error(`unknown kind ${String(kind)}`);
      }
    });
    const { services } = createFakeServices();
    const session = new RunSession({
      request: { mode: 'deploy' },
      runner,
      bridge,
      controller: new AbortController(),
      planned: [],
      hosts: Object.keys(profile.hosts),
      frameMs: 1,
    });
    const instance = await renderReady(
      <ThemeContext.Provider value={createTheme({ NO_COLOR: '1' })}>
        <KeyDispatcherProvider>
          <RunScreen
            session={session}
            services={{ ...services, profile }}
            operator="stilgar"
            width={columns}
            height={rows - 2}
            animate={false}
            onBack={() => undefined}
          />
        </KeyDispatcherProvider>
      </ThemeContext.Provider>,
      columns,
    );
    const what = `${name} ${kind} ${step.id} at ${columns}×${rows}`;
    const valueWidth = columns - 4 - 9;
    const ready = (frame: string): boolean =>
      kind === 'form'
        ? frame.includes(form!.title)
        : kind === 'confirm'
          ? frame.includes('Cancel')
          : /retry/.test(frame);
    const frames = [await waitForFrame(instance, ready)];
    // scroll while the dialog says there is more, reading every position
    for (
      let guard = 0;
      /↓ \d+ more row/.test(frames[frames.length - 1] as string) && guard < 40;
      guard += 1
    ) {
      const before = frames[frames.length - 1] as string;
      instance.stdin.write(keys.pgdn);
      frames.push(await waitForFrame(instance, (frame) => frame !== before));
    }
    for (const frame of frames) expectFrameFits(frame, columns, rows, what);
    expect(frames.join('\n'), `${what}: a secret on screen`).not.toContain(secret);
    switch (kind) {
      case 'confirm': {
        const last = frames[frames.length - 1] as string;
        expect(last, `${what}: buttons`).toMatch(/❯ Cancel {3,}Confirm/);
        expect(last, `${what}: the dialog's bottom border`).toMatch(/╚═+╝/);
        const texts = [
          `Confirm: ${shown.title}`,
          ...(shown.command !== undefined ? [shown.command] : [shown.summary]),
          ...(shown.changes !== undefined ? [shown.changes] : []),
          ...(shown.undo !== undefined ? [shown.undo] : []),
          cancel.note,
        ];
        expectRecoverable(texts, frames, valueWidth, what);
        break;
      }
      case 'form':
        expectRecoverable(
          [form!.title, ...(form!.description !== undefined ? [form!.description] : [])],
          frames,
          valueWidth,
          what,
        );
        for (const field of form!.fields) expectRecoverable([field.label], frames, valueWidth, what);
        break;
      case 'failure':
        expectRecoverable([failure.message, failure.hint], frames, valueWidth, what);
        break;
      default:
        throw new Error(`unknown kind ${String(kind)}`);
    }
    await readAll(instance);
  });
});

/** Leaves the screen idle so unmounting does not race a pending frame. */
async function readAll(instance: Rendered): Promise<void> {
  await waitForFrame(instance, (frame) => frame.length > 0);
}

describe('frame integrity: resizing with a confirmation open', () => {
  it('from 120×40 (command log shown) to 80×24: the dialog keeps its rows, the command log yields', async () => {
    const runtime = sandboxRuntime();
    const profile = load('sandbox', Object.keys(runtime));
    const scope = runScope(profile, runtime);
    const step = profile.phases
      .flatMap((phase) => phase.steps)
      .find((s) => s.id === 'configure-alertmanager')!;
    const shown = confirmShown(profile, scope, step, profile.stepAction(step), (text) => text);
    const bridge = new GatesBridge('stilgar');
    const runner = askingRunner(bridge, (b) =>
      b.gates.confirm(step, {
        runId: 'r',
        mode: 'deploy',
        host: step.host,
        shown,
        typeHost: false,
        cancel: { kind: 'stop', note: 'nothing changed yet, the deploy stops' },
      }),
    );
    const { services } = createFakeServices();
    const session = new RunSession({
      request: { mode: 'deploy' },
      runner,
      bridge,
      controller: new AbortController(),
      planned: [],
      hosts: Object.keys(profile.hosts),
      frameMs: 1,
    });
    const screen = (columns: number, rows: number) => (
      <ThemeContext.Provider value={createTheme({ NO_COLOR: '1' })}>
        <KeyDispatcherProvider>
          <RunScreen
            session={session}
            services={{ ...services, profile }}
            operator="stilgar"
            width={columns}
            height={rows - 2}
            animate={false}
            onBack={() => undefined}
          />
        </KeyDispatcherProvider>
      </ThemeContext.Provider>
    );
    const instance = await renderReady(screen(120, 40), 120);
    await waitForFrame(instance, (frame) => frame.includes('Cancel') && frame.includes('time command'));
    instance.rerender(screen(80, 24));
    const frame = await waitForFrame(instance, (text) => text.split('\n')[1]?.length === 80);
    expectFrameFits(frame, 80, 24, 'resized');
    expect(frame).not.toContain('time command');
    const lines = frame.split('\n');
    const body =
      lines.findIndex((line) => line.includes('↓ ')) - lines.findIndex((line) => line.includes('Confirm: '));
    expect(body - 1, `rows of the dialog's body after the resize:\n${frame}`).toBeGreaterThanOrEqual(7);
  });
});
