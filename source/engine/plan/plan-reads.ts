// Every read-only script a live plan sends to the hosts before it decides anything, per host: the probes of
// the live release, commit and ran migrations, the config files' identities, each config step's live target,
// the live shared `.env`'s keys and each form's live sources. The plan sends them in ONE batch per host
// (host-batch-read.ts), then reads each fact as before and finds its answer among them; a read missing here
// (or whose answer did not come back) is simply sent on its own. The scripts are built by the same functions
// the reads themselves use (plan-compare.ts, config-identity.ts), so a read and its batched answer match.
import { configIdentityScript } from '../../commands/config-identity.js';
import { buildEnvKeys, buildReadLive } from '../../commands/live-file-commands.js';
import { buildRunCommand } from '../../commands/run-command.js';
import { interpolate } from '../../profile/interpolate.js';
import type { Profile } from '../../profile/schema.js';
import type { Scope } from '../../profile/scope.js';
import type { FormLiveSource } from '../../profile/when-schema.js';
import { stepAction } from '../../profile/step-action.js';
import type { BatchRead } from '../run/host-batch-read.js';
import { runText } from '../run/run-text.js';
import { identityPaths, type ConfigTarget } from './config-identity.js';
import { planProbeFactsOf, probeFor } from './plan-facts.js';

/** The script of a form's live source, as the run and the plan send it. */
export function liveSourceScript(source: FormLiveSource, scope: Scope): string {
  const script = runText(source.run, (template, context) => interpolate(template, scope, context));
  return buildRunCommand({
    host: source.host,
    command: script,
    ...(source.run.user !== undefined && { user: source.run.user }),
  }).script;
}

/** The app host and its live shared `.env`, or why the plan cannot name them. */
export function sharedEnvOf(profile: Profile, scope: Scope): { host: string; path: string } | string {
  const appHost = Object.entries(profile.hosts).find(([, host]) => host.roles.includes('app'))?.[0];
  if (appHost === undefined || !('app_base' in scope.vars))
    return 'the profile has no app host or app_base var';
  return { host: appHost, path: `${interpolate('{{app_base}}', scope, 'plain')}/shared/.env` };
}

type Read = BatchRead & { host: string };

/** A read that cannot be built here (a template that renders only during a run) is left to its own exec. */
function tryRead(build: () => Read | Read[]): Read[] {
  try {
    return [build()].flat();
  } catch {
    return [];
  }
}

/** The reads of a live plan, grouped by host. */
export function planReads(
  profile: Profile,
  scope: Scope,
  targets: readonly ConfigTarget[],
): Map<string, BatchRead[]> {
  const plain = (template: string) => interpolate(template, scope, 'plain');
  const probes = new Set(planProbeFactsOf(profile).map((fact) => probeFor(profile, fact)));
  const reads: Read[] = [
    ...[...probes].flatMap((probe) =>
      probe?.run
        ? tryRead(() => ({
            host: probe.host,
            script: runText(probe.run!, (template, context) => interpolate(template, scope, context)),
            ...(probe.run!.user !== undefined && { user: probe.run!.user }),
          }))
        : [],
    ),
    // as root: the same command buildConfigIdentity sends, in the batch's one sudo for the root reads
    ...[...identityPaths(targets)].map(([host, paths]) => ({
      host,
      script: configIdentityScript(paths),
      user: 'root',
    })),
    ...Object.values(profile.forms).flatMap((form) =>
      Object.values(form.live ?? {}).flatMap((source) =>
        tryRead(() => ({ host: source.host, script: liveSourceScript(source, scope) })),
      ),
    ),
    ...profile.phases
      .flatMap((phase) => phase.steps)
      .flatMap((step) => {
        const action = stepAction(step);
        if (action.kind !== 'config') return [];
        const root = action.config.owner !== undefined;
        return tryRead(() => ({
          host: step.host,
          script: buildReadLive(step.host, plain(action.config.target), false).script,
          ...(root && { user: 'root' }),
        }));
      }),
    ...tryRead(() => {
      const env = sharedEnvOf(profile, scope);
      return typeof env === 'string'
        ? []
        : { host: env.host, script: buildEnvKeys(env.host, env.path).script };
    }),
  ];
  const byHost = new Map<string, BatchRead[]>();
  for (const { host, ...read } of reads) byHost.set(host, [...(byHost.get(host) ?? []), read]);
  return byHost;
}
