// After a deploy that did not end ok: what is known to be live per host and the exact commands that recover,
// built from what the run saw (readlink results, rollbacks that finished, configs that changed), so the CLI
// and the TUI print the same truth. A rollback counts as done only once its steps finished ok.
import type { RollbackScope } from '../../profile/schema.js';
import type { HostState } from './events.js';
import {
  describeConfigs,
  describeLive,
  mayHaveSwitched,
  type LiveConfig,
  type LiveRelease,
} from './live-state.js';

/** How the operator started the console, so that a printed command runs as it is. */
export type Invocation = {
  /** The profile given with --profile (or remembered); null or `sandbox` (the default) is left out. */
  profile: string | null;
  /** Flags a headless run needs again: --yes, --values FILE, --password-stdin. */
  yes?: boolean;
  values?: string;
  passwordStdin?: boolean;
  /** `--var NAME=VALUE` as given: a command that recovers must run with the same values. */
  vars?: readonly string[];
  /** The full hash `--commit` resolved to (deploy only): a resumed run deploys the same commit. */
  commit?: string;
  /** `--only NAME` (deploy only): the part a resumed run continues. */
  only?: string;
};

/** The automatic rollback of a run, as it ended. */
export type RollbackOutcome = { scope: RollbackScope; outcome: 'done' | 'failed'; failedStep: string | null };

/** What recovery needs from a finished run. */
export type RunEnd = {
  runId: string;
  outcome: 'ok' | 'failed' | 'aborted';
  hostStates: readonly HostState[];
  rollback: RollbackOutcome | null;
  /** Config steps that changed (or may have changed) live files in this run and were not restored. */
  configured: readonly LiveConfig[];
  /** A switch this run did not send but the run it resumed did. */
  switchedBefore: boolean;
};

/** One recovery command and why it helps. */
export type RecoveryCommand = { command: string; why: string };

/** One host's account: what is live of its release, then one part per config state (none: unchanged). */
export type HostLive = { release: string; configs: string[] };

/** `live`: one line per host (release and configs joined by `; `); `hosts`: the same, in parts. */
export type Recovery = { live: string[]; hosts: HostLive[]; commands: RecoveryCommand[] };

const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;
const word = (value: string): string =>
  plainWord.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

/** `chom-console <command> [--profile P] <args> [--yes] [--values F] [--password-stdin]`, shell-quoted. */
export function commandLine(
  command: 'deploy' | 'rollback',
  invocation: Invocation,
  args: readonly string[],
  options: { forms?: boolean } = {},
): string {
  const parts = ['chom-console', command];
  if (invocation.profile !== null && invocation.profile !== 'sandbox')
    parts.push('--profile', invocation.profile);
  parts.push(...args);
  for (const assignment of invocation.vars ?? []) parts.push('--var', assignment);
  if (invocation.commit !== undefined && command === 'deploy') parts.push('--commit', invocation.commit);
  if (invocation.only !== undefined && command === 'deploy') parts.push('--only', invocation.only);
  if (invocation.yes) parts.push('--yes');
  if (options.forms !== false && command === 'deploy') {
    if (invocation.values !== undefined) parts.push('--values', invocation.values);
    if (invocation.passwordStdin) parts.push('--password-stdin');
  }
  return parts.map(word).join(' ');
}

/** Per host what is live, and the commands that recover, for a run that did not end ok. */
export function deployRecovery(end: RunEnd, invocation: Invocation): Recovery {
  const hosts = end.hostStates.map((h): HostLive => ({
    release: describeLive(h.host, h.live ?? { kind: 'unchanged' }),
    configs: describeConfigs(end.configured.filter((c) => c.host === h.host)),
  }));
  const live = hosts.map((h) => [h.release, ...h.configs].join('; '));
  const lives = end.hostStates.map((h): LiveRelease => h.live ?? { kind: 'unchanged' });
  const appBack = end.rollback?.outcome === 'done' && end.rollback.scope !== 'observability';
  const obsBack = end.rollback?.outcome === 'done' && end.rollback.scope !== 'app';
  const commands: RecoveryCommand[] = [];
  if (appBack) {
    // The switch is undone: resuming would continue after it on the old release, so start anew.
    commands.push({
      command: commandLine('deploy', invocation, []),
      why: 'a new deploy (new release) once the cause is fixed',
    });
  } else {
    commands.push({
      command: commandLine('deploy', invocation, ['--resume', end.runId]),
      why: 'continue after the last completed step once the cause is fixed',
    });
  }
  if (!appBack && (end.switchedBefore || lives.some(mayHaveSwitched)))
    commands.push({
      command: commandLine('rollback', { ...invocation }, ['--target', 'app']),
      why: 'put the release live before this deploy back',
    });
  if (!obsBack && end.configured.length > 0)
    commands.push({
      command: commandLine('rollback', invocation, ['--target', 'observability']),
      why: 'restore the phase-1 snapshot of the observability configs',
    });
  return { live, hosts, commands };
}

/** True when the run may have changed what is live (a switch, a config, a rollback): worth a panel of its own. */
export function changedLive(end: RunEnd): boolean {
  return (
    end.rollback !== null ||
    end.switchedBefore ||
    end.configured.length > 0 ||
    end.hostStates.some((h) => (h.live?.kind ?? 'unchanged') !== 'unchanged')
  );
}

/** The one-line account of the automatic rollback: done only once its steps finished ok. */
export function describeRollback(
  rollback: RollbackOutcome,
  how: 'automatic' | 'chosen' = 'automatic',
): string {
  const what = how === 'automatic' ? 'the automatic rollback' : 'the rollback the operator chose';
  return rollback.outcome === 'done'
    ? `${what} of ${rollback.scope} finished ok`
    : `${what} of ${rollback.scope} FAILED${rollback.failedStep ? ` at step ${rollback.failedStep}` : ''}: it did not put the previous state back`;
}
