// A tiny inline profile and a harness (fake transports, scripted gates, collected events) for runner tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../source/engine/run/events.js';
import type { FailureContext, Gates } from '../../source/engine/run/gates.js';
import { createRunner, type RunOptions, type RunPlan } from '../../source/engine/run/runner.js';
import { profileSchema, type Profile } from '../../source/profile/schema.js';
import { FakeTransport } from '../helpers/fake-transport.js';

export const hostile = `p'a"s$(touch /tmp/pwned)&|;` + '\n' + 'ß';
export const releaseOut =
  'release_id=20260109_083012\nrelease_path=/srv/app/releases/20260109_083012\nrollback_target=20260106_132320\n';

export function tinyProfile(extra: Record<string, unknown> = {}): Profile {
  return profileSchema.parse({
    name: 'tiny',
    hosts: { app: { embedded: true }, obs: { embedded: true } },
    vars: { base: '/srv/app' },
    forms: {
      smtp: {
        title: 'SMTP',
        fields: [
          { id: 'host', label: 'Host', type: 'hostname' },
          { id: 'password', label: 'Password', type: 'secret' },
        ],
      },
    },
    phases: [
      {
        id: 'prepare',
        title: 'Prepare',
        steps: [
          { id: 'lock', title: 'Take the lock', host: 'app', lock: { path: '{{base}}/deploy.lock' } },
          { id: 'smtp', title: 'SMTP settings', host: 'app', form: 'smtp' },
          {
            id: 'store',
            title: 'Store SMTP',
            host: 'app',
            run: { command: 'php artisan tinker', stdin: 'set({{smtp.password}})' },
          },
          { id: 'create', title: 'Create release', host: 'app', release: { op: 'create', base: '{{base}}' } },
          {
            id: 'env',
            title: 'Upload env',
            host: 'app',
            upload: { source: '/dev/null', to: '{{release_path}}/.env.example' },
          },
          {
            id: 'migrate',
            title: 'Migrate',
            host: 'app',
            critical: true,
            run: { command: 'php artisan migrate --force', cwd: '{{release_path}}' },
          },
        ],
      },
      {
        id: 'switch',
        title: 'Switch',
        steps: [
          {
            id: 'activate',
            title: 'Activate',
            host: 'app',
            critical: true,
            release: { op: 'activate', base: '{{base}}', after: ['sudo -n systemctl reload php8.2-fpm'] },
          },
          {
            id: 'health',
            title: 'Health',
            host: 'app',
            on_failure: { rollback: 'app' },
            run: { command: 'curl -sf http://localhost/up' },
          },
          { id: 'unlock', title: 'Unlock', host: 'app', unlock: { path: '{{base}}/deploy.lock' } },
        ],
      },
    ],
    rollback: {
      app: {
        title: 'Roll back the app',
        steps: [{ id: 'back', title: 'Back', host: 'app', release: { op: 'rollback', base: '{{base}}' } }],
      },
    },
    ...extra,
  });
}

/** Transports answering the tiny profile's commands like healthy hosts. */
export function healthyHosts(): { app: FakeTransport; obs: FakeTransport; map: Map<string, FakeTransport> } {
  const app = new FakeTransport('app');
  const obs = new FakeTransport('obs');
  app.on(/date -u \+%Y%m%d_%H%M%S/, { stdout: releaseOut });
  app.on(/if mkdir -- "\$lock"/, { stdout: 'acquired\n' });
  app.on(/mv -T -- "\$lock" "\$lock.released/, { stdout: 'released\n' });
  app.on(/mv -Tf -- "\$base\/current.tmp/, { stdout: 'current=20260109_083012\n' });
  return {
    app,
    obs,
    map: new Map([
      ['app', app],
      ['obs', obs],
    ]),
  };
}

/** Scripted gates that record what they were asked. */
export function scriptedGates(
  decisions: FailureDecisionScript = () => 'abort',
): Gates & { asked: { confirm: string[]; failure: FailureContext[] } } {
  const asked = { confirm: [] as string[], failure: [] as FailureContext[] };
  return {
    asked,
    confirm: async (step) => {
      asked.confirm.push(step.id);
      return { answer: 'yes', by: 'tester' };
    },
    form: async () => ({ values: { host: 'smtp.example.org', password: hostile }, by: 'tester' }),
    failure: async (failure, context) => {
      asked.failure.push(context);
      return decisions(failure.stepId, context);
    },
  };
}
export type FailureDecisionScript = (
  stepId: string,
  context: FailureContext,
) => 'retry' | 'skip' | 'rollback' | 'abort';

export function stateDir(): string {
  return mkdtempSync(join(tmpdir(), 'engine-state-'));
}

/** Runs a plan and collects every event. */
export async function runCollect(
  options: Partial<RunOptions> & Pick<RunOptions, 'transports' | 'gates'>,
  plan?: RunPlan,
) {
  const profile = options.profile ?? tinyProfile();
  const runner = createRunner({
    operator: 'tester',
    profile,
    plan: plan ?? { mode: 'deploy', phases: profile.phases },
    ...options,
  });
  const events: RunEvent[] = [];
  runner.subscribe((e) => events.push(e));
  const summary = await runner.run();
  return { summary, events, runner };
}

export const ofType = <T extends RunEvent['type']>(
  events: RunEvent[],
  type: T,
): Extract<RunEvent, { type: T }>[] =>
  events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
