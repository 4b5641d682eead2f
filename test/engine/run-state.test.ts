import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../source/engine/run/events.js';
import {
  commandLogCap,
  initialRunState,
  reduceRunState,
  withPlannedSteps,
} from '../../source/engine/run/run-state.js';

const at = '2026-01-09T08:00:00.000Z';
const reduce = (events: RunEvent[], state = initialRunState) => events.reduce(reduceRunState, state);

describe('reduceRunState', () => {
  it('a step the plan did not list (a rollback’s lock) goes before the steps not started yet', () => {
    const planned = withPlannedSteps(initialRunState, [
      {
        id: 'rollback-app',
        title: 'Roll back',
        steps: [
          { id: 'switch-back', title: 'Switch back', host: 'app' },
          { id: 'health', title: 'Health', host: 'app' },
        ],
      },
    ]);
    const state = reduce(
      [{ type: 'step-started', phaseId: 'rollback-app', stepId: 'lock', host: 'app', title: 'Lock', at }],
      planned,
    );
    expect(state.phases[0]!.stepIds).toEqual(['lock', 'switch-back', 'health']);
  });

  it('tracks phases, steps, confirmations, facts, lock and outcome', () => {
    const planned = withPlannedSteps(initialRunState, [
      {
        id: 'p',
        title: 'P',
        steps: [
          { id: 'a', title: 'A', host: 'app' },
          { id: 'b', title: 'B', host: 'app' },
        ],
      },
    ]);
    expect(planned.steps['b']!.status).toBe('pending');
    const state = reduce(
      [
        { type: 'run-started', runId: 'r', mode: 'deploy', profile: 'sandbox', operator: 'op', at },
        { type: 'lock-acquired', host: 'app', path: '/l', at },
        { type: 'phase-started', phaseId: 'p', title: 'P', at },
        { type: 'confirm-requested', stepId: 'a', host: 'app', at },
        { type: 'confirm-answered', stepId: 'a', answer: 'yes', by: 'op', at },
        { type: 'step-started', phaseId: 'p', stepId: 'a', host: 'app', title: 'A', command: 'true', at },
        { type: 'fact-recorded', name: 'release_id', value: '20260109_080000', at },
        { type: 'step-finished', stepId: 'a', outcome: 'ok', durationMs: 12, at },
        { type: 'step-started', phaseId: 'p', stepId: 'b', host: 'app', title: 'B', at },
      ],
      planned,
    );
    expect(state.steps['a']).toMatchObject({ status: 'ok', durationMs: 12, command: 'true' });
    expect(state.currentStepId).toBe('b');
    expect(state.facts).toEqual({ release_id: '20260109_080000' });
    expect(state.lock).toMatchObject({ kind: 'held-by-us', path: '/l' });
    const failure = {
      host: 'app',
      stepId: 'b',
      command: 'x',
      exitCode: 1,
      signal: null,
      stderrTail: ['boom'],
      message: 'm',
      hint: 'h',
    };
    const done = reduce(
      [
        { type: 'step-finished', stepId: 'b', outcome: 'failed', durationMs: 3, failure, at },
        { type: 'rollback-proposed', scope: 'app', reason: 'm', at },
        { type: 'lock-released', host: 'app', path: '/l', at },
        { type: 'run-finished', outcome: 'failed', hostStates: [], at },
      ],
      state,
    );
    expect(done.steps['b']).toMatchObject({ status: 'failed', failure });
    expect(done).toMatchObject({
      outcome: 'failed',
      currentStepId: null,
      rollbackProposed: { scope: 'app' },
      lock: { kind: 'released' },
    });
    expect(state.steps['b']!.status).toBe('running');
  });

  it('groups checks and caps the command log', () => {
    const commands: RunEvent[] = Array.from({ length: commandLogCap + 5 }, (_, i) => ({
      type: 'command-finished',
      host: 'h',
      stepId: null,
      command: `c${i}`,
      exitCode: 0,
      signal: null,
      durationMs: 1,
      at,
    }));
    const state = reduce([
      ...commands,
      { type: 'check-started', checkId: 'up', group: 'Application', title: 'Up', at },
      {
        type: 'check-finished',
        checkId: 'up',
        group: 'Application',
        outcome: 'pass',
        detail: 'HTTP 200',
        at,
      },
    ]);
    expect(state.commandLog).toHaveLength(commandLogCap);
    expect(state.commandLog[0]!.command).toBe('c5');
    expect(state.checks.Application).toEqual([
      { id: 'up', group: 'Application', title: 'Up', outcome: 'pass', detail: 'HTTP 200' },
    ]);
    expect(state.checks.Observability).toEqual([]);
  });
});
