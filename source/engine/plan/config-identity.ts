// The identity (sha256) of each live file a deploy's config steps would overwrite: the plan's fingerprint
// holds them, so an edit made by hand between `plan --live` and `deploy --plan` is caught by name.
import type { Profile } from '../../profile/schema.js';
import { stepAction } from '../../profile/step-action.js';
import { buildConfigIdentity } from '../../commands/config-identity.js';
import type { RemoteCommand } from '../../commands/remote-command.js';
import type { Known } from './plan-facts.js';

/** One config step's live target. */
export type ConfigTarget = { step: string; host: string; path: string };

/** A live target's identity: its sha256, or null when the file is absent. */
export type ConfigIdentity = ConfigTarget & { sha256: string | null };

/** The targets of the config steps of `phases` (ids: the phases the run reaches), rendered to paths. */
export function configTargets(
  profile: Profile,
  phases: ReadonlySet<string>,
  render: (template: string) => string,
): ConfigTarget[] {
  return profile.phases
    .filter((phase) => phases.has(phase.id))
    .flatMap((phase) => phase.steps)
    .flatMap((step) => {
      const action = stepAction(step);
      return action.kind === 'config'
        ? [{ step: step.id, host: step.host, path: render(action.config.target) }]
        : [];
    });
}

/** The paths of the targets per host, in order. */
export function identityPaths(targets: readonly ConfigTarget[]): Map<string, string[]> {
  const hosts = [...new Set(targets.map((t) => t.host))];
  return new Map(hosts.map((host) => [host, targets.filter((t) => t.host === host).map((t) => t.path)]));
}

/** One read per host of its targets. */
function identityReads(targets: readonly ConfigTarget[]): RemoteCommand[] {
  return [...identityPaths(targets)].map(([host, paths]) => buildConfigIdentity(host, paths));
}

/** The identities from each host's output; unknown (naming the host) when a read failed or is malformed. */
export async function readIdentities(
  targets: readonly ConfigTarget[],
  run: (command: RemoteCommand) => Promise<string>,
): Promise<Known<ConfigIdentity[]>> {
  try {
    const outputs = await Promise.all(
      identityReads(targets).map(async (command) => ({
        host: command.host,
        lines: (await run(command)).trim().split('\n'),
      })),
    );
    const out: ConfigIdentity[] = [];
    for (const { host, lines } of outputs) {
      const mine = targets.filter((t) => t.host === host);
      if (lines.length !== mine.length || lines.some((l) => !/^([0-9a-f]{64}|absent)$/.test(l)))
        return { known: false, why: `${host}: the config files' sha256 read gave unexpected output` };
      mine.forEach((target, i) => out.push({ ...target, sha256: lines[i] === 'absent' ? null : lines[i]! }));
    }
    return { known: true, value: targets.map((t) => out.find((o) => o.step === t.step)!) };
  } catch (error) {
    return { known: false, why: error instanceof Error ? error.message : String(error) };
  }
}
