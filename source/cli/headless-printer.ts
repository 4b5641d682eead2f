// Line output of a headless run (`--plain`): one line per step start and finish (host, duration, outcome),
// every output line prefixed `[host]`, and a failure block with where, the redacted command, the exit code,
// the last stderr lines and what to do next. Events arrive redacted from the engine.
import type { LockInfo, RunEvent, StepFailure } from '../engine/run/events.js';
import { describeVerdict, holderName, mayTakeOver } from '../engine/run/lock-holder.js';
import { commandLine, type Invocation } from '../engine/run/recovery.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { formatDuration } from '../lib/format-duration.js';

/** Where the printer writes: run lines to `out`, failures and refusals to `err`. */
export type PrinterIo = { out: (line: string) => void; err: (line: string) => void };

const indent = (text: string, prefix = '    '): string =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

/** The failure block (DESIGN.md style rule 7). */
export function failureBlock(failure: StepFailure): string {
  // The engine's message often starts with the same "step on host:" this block already names.
  const where = `${failure.stepId} on ${failure.host}: `;
  const message = failure.message.startsWith(where) ? failure.message.slice(where.length) : failure.message;
  const lines = [`FAILED: step ${failure.stepId} on ${failure.host}: ${message}`];
  if (failure.command !== '') lines.push('  command:', indent(failure.command));
  const status =
    failure.exitCode !== null
      ? `exit code ${failure.exitCode}`
      : failure.signal
        ? `signal ${failure.signal}`
        : null;
  if (status) lines.push(`  ${status}`);
  if (failure.stderrTail.length > 0)
    lines.push(
      `  last ${failure.stderrTail.length} stderr lines:`,
      ...failure.stderrTail.map((l) => `    | ${l}`),
    );
  // Headless has no keys: drop the interactive console's key hint ("retry (r)").
  lines.push(`  next: ${failure.hint.replace(/ \([a-z]\)(?=[.;]|$)/g, '')}`);
  return lines.join('\n');
}

/**
 * Who holds the lock, whether that holder is provably dead (and why), and the exact command that takes the
 * lock over when it is.
 */
export function lockHeldLines(
  lock: LockInfo,
  options: { invocation?: Invocation; takeOverLock?: string },
): string[] {
  const holder = holderName(lock);
  const age = lock.ageSeconds === null ? 'unknown age' : `last heartbeat ${lock.ageSeconds} s ago`;
  const lines = [
    `the deploy lock ${lock.path} on ${lock.host} is held by ${holder} (run ${lock.run ?? 'unknown'}, pid ${lock.pid}, ${age}).`,
  ];
  if (lock.verdict) lines.push(`  ${describeVerdict(lock.verdict)}.`);
  if (options.takeOverLock !== undefined && options.takeOverLock !== holder)
    lines.push(
      `  --take-over-lock ${options.takeOverLock} does not name this holder (${holder}): nothing was taken over.`,
    );
  if (lock.verdict && mayTakeOver(lock.verdict) && options.invocation)
    lines.push(`  take it over: ${commandLine('deploy', options.invocation, ['--take-over-lock', holder])}`);
  return lines;
}

/** Subscribes to a runner's events and prints them. */
export function createHeadlessPrinter(
  profile: LoadedProfile,
  io: PrinterIo,
  options: { quiet?: boolean; invocation?: Invocation; takeOverLock?: string } = {},
) {
  const hostOf = new Map<string, string>();
  const allSteps = [
    ...profile.phases.flatMap((p) => p.steps),
    ...Object.values(profile.rollback).flatMap((r) => r?.steps ?? []),
  ];
  for (const step of allSteps) hostOf.set(step.id, step.host);
  const out = (line: string) => {
    if (!options.quiet) io.out(line);
  };
  const tag = (stepId: string) => `[${hostOf.get(stepId) ?? 'console'}]`;

  const listener = (event: RunEvent): void => {
    switch (event.type) {
      case 'run-started':
        out(
          `run ${event.runId}: ${event.mode} with profile ${event.profile} by ${event.operator}${event.resumedFrom ? `, resuming ${event.resumedFrom}` : ''}`,
        );
        break;
      case 'phase-started':
        out(`== ${event.phaseId}: ${event.title}`);
        break;
      case 'step-started':
        hostOf.set(event.stepId, event.host);
        out(`[${event.host}] start ${event.stepId}: ${event.title}`);
        break;
      case 'output':
        out(`[${event.host}] ${event.line}`);
        break;
      case 'step-finished': {
        const duration = formatDuration(event.durationMs);
        if (event.outcome === 'ok') {
          out(`${tag(event.stepId)} ok ${event.stepId} (${duration})`);
        } else if (event.outcome === 'skipped') {
          out(`${tag(event.stepId)} skipped ${event.stepId}${event.reason ? `: ${event.reason}` : ''}`);
        } else {
          out(
            `${tag(event.stepId)} FAILED ${event.stepId} (${duration})${event.reason ? `: ${event.reason}` : ''}`,
          );
          if (event.failure) io.err(failureBlock(event.failure));
        }
        break;
      }
      case 'confirm-answered':
        out(
          `${tag(event.stepId)} ${event.answer === 'yes' ? 'confirmed' : 'declined'} ${event.stepId} by ${event.by}`,
        );
        break;
      case 'form-submitted':
        if (!event.cancelled)
          out(
            `form ${event.formId}: ${Object.entries(event.values)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`,
          );
        break;
      case 'lock-acquired':
        out(`[${event.host}] lock taken: ${event.path}`);
        break;
      case 'lock-released':
        out(`[${event.host}] lock released: ${event.path}`);
        break;
      case 'lock-held': {
        io.err(lockHeldLines(event.lock, options).join('\n'));
        break;
      }
      case 'rollback-proposed':
        out(`rollback of ${event.scope} proposed: ${event.reason}`);
        break;
      case 'failure-decided':
        if (event.decision === 'rollback') {
          const scope = profile.phases.flatMap((p) => p.steps).find((s) => s.id === event.stepId)
            ?.on_failure?.rollback;
          io.err(`performing the rollback${scope ? ` of ${scope}` : ''} now (headless with --yes)`);
        }
        break;
      case 'run-finished':
        out(`run ${event.outcome}${event.message ? `: ${event.message}` : ''}`);
        break;
      case 'leave-decided':
        out(`${event.stepId}: cancelled after changes; ${event.choice} chosen by ${event.by}`);
        break;
      case 'command-finished':
      case 'confirm-requested':
      case 'form-requested':
      case 'fact-recorded':
      case 'check-started':
      case 'check-finished':
        break;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  };
  return { listener };
}
