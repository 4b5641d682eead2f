// What is known to be live on a host after a run, from facts the engine saw (the readlink a switch ran and
// printed, whether a switch was sent at all), never from what the run meant to do. A rollback that could not
// connect changes nothing here; a switch whose connection dropped after it was sent leaves the host unknown.
import { isTransportError } from './failure.js';

/** The live release of a host, as far as this run knows. */
export type LiveRelease =
  /** This run sent no switch to the host (or none that can have changed it); `release`: live before the run. */
  | { kind: 'unchanged'; release?: string }
  /** `readlink current` printed by the switch itself named this release. */
  | { kind: 'confirmed'; release: string; at: string; by: 'switch' | 'rollback' }
  /** A switch to `release` was sent and its result never came back: either release may be live. */
  | { kind: 'unknown'; release: string; previous: LiveRelease; reason: string };

/** The reason an unknown state gives (the wording the issue asks for). */
export const droppedAfterRename = 'the connection dropped after the rename was sent';

/** Errors that prove the command never reached the host (no connection was made). */
const neverSent = new Set(['unreachable', 'host-key-unknown', 'host-key-changed', 'auth-failed']);

/** The host's live release after a switch command to `release` ended with `outcome`. */
export function afterSwitch(
  before: LiveRelease,
  release: string,
  by: 'switch' | 'rollback',
  outcome: { stdout: string; code: number | null } | { error: unknown },
  at: string,
): LiveRelease {
  if ('error' in outcome) {
    const error = outcome.error;
    if (isTransportError(error) && neverSent.has(error.kind)) return before;
    return { kind: 'unknown', release, previous: settled(before), reason: droppedAfterRename };
  }
  // The switch script prints `current=<id>` only after its own readlink matched the target.
  const confirmed = /^current=(.+)$/m.exec(outcome.stdout)?.[1];
  if (outcome.code === 0 && confirmed) return { kind: 'confirmed', release: confirmed, at, by };
  // It stops before the rename when the release is missing or incomplete (exit 3); anything else (a failed
  // ln or mv, a readlink that did not match, a kill) may have left either link.
  if (outcome.code === 3) return before;
  return {
    kind: 'unknown',
    release,
    previous: settled(before),
    reason:
      outcome.code === null
        ? 'the switch was killed after it was sent'
        : `the switch exited ${outcome.code} without confirming current`,
  };
}

/** An unknown state never nests: its `previous` is the last settled one. */
function settled(live: LiveRelease): LiveRelease {
  return live.kind === 'unknown' ? live.previous : live;
}

/** True when `current` may point at a release this run put live (a rollback may be needed). */
export function mayHaveSwitched(live: LiveRelease): boolean {
  switch (live.kind) {
    case 'unchanged':
      return false;
    case 'confirmed':
      return live.by === 'switch';
    case 'unknown':
      return true;
    default: {
      const unreachable: never = live;
      return unreachable;
    }
  }
}

/** One line for the operator: what is live on the host as far as known. */
export function describeLive(host: string, live: LiveRelease): string {
  switch (live.kind) {
    case 'unchanged':
      return `${host}: not switched by this run${live.release !== undefined ? ` (release ${live.release} was live when it started)` : ''}`;
    case 'confirmed':
      return `${host}: release ${live.release} is live (confirmed by readlink at ${live.at}, after the ${live.by})`;
    case 'unknown': {
      const before =
        live.previous.kind === 'confirmed'
          ? `release ${live.previous.release} (confirmed at ${live.previous.at})`
          : live.previous.release !== undefined
            ? `release ${live.previous.release} (live before this run)`
            : 'the release live before this run';
      return `${host}: unknown: ${live.reason}; live is either release ${live.release} or ${before}`;
    }
    default: {
      const unreachable: never = live;
      return unreachable;
    }
  }
}

/**
 * What a config step of this run left in the live files it installs, as far as known. A step that sent no
 * install, or whose restore came back ok, left them as they were and has no entry.
 */
export type LiveConfig =
  /** The installs came back ok and nothing put the previous files back: the new content is live. */
  | { kind: 'changed'; stepId: string; host: string; files: readonly string[] }
  /** An install (or the restore after it) was sent and its result never came back, or failed: either may be live. */
  | { kind: 'unknown'; stepId: string; host: string; files: readonly string[]; reason: string };

/** True when the error proves the command never reached the host (no connection was made). */
export function neverReached(error: unknown): boolean {
  return isTransportError(error) && neverSent.has(error.kind);
}

/** `a`, `a and b`, `a, b and c`: the files of a step, by their names. */
function fileList(files: readonly string[]): string {
  const names = files.map((f) => f.slice(f.lastIndexOf('/') + 1));
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/**
 * The part of a host's line about its configs: `live configs changed by A, B` for the known ones, then one
 * `unknown: <reason>; <files> may be the new ones` per step left unknown. Empty when none changed.
 */
export function describeConfigs(configs: readonly LiveConfig[]): string[] {
  const changed = configs.filter((c) => c.kind === 'changed').map((c) => c.stepId);
  const parts = changed.length > 0 ? [`live configs changed by ${changed.join(', ')}`] : [];
  for (const config of configs) {
    switch (config.kind) {
      case 'changed':
        break;
      case 'unknown': {
        const many = config.files.length > 1;
        parts.push(
          `unknown: ${config.reason}; ${fileList(config.files)} ${many ? 'may be the new ones' : 'may be the new one'}`,
        );
        break;
      }
      default: {
        const unreachable: never = config;
        return unreachable;
      }
    }
  }
  return parts;
}
