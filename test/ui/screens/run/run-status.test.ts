// Issue 13 item 7: the running step shows its elapsed time and the run says which phase of how many.
import { describe, expect, it } from 'vitest';
import {
  initialRunState,
  reduceRunState,
  withPlannedSteps,
} from '../../../../source/engine/run/run-state.js';
import type { LeaveRequest } from '../../../../source/engine/run/gates.js';
import { runStatusLine } from '../../../../source/ui/screens/run/run-status.js';
import type { RunSnapshot } from '../../../../source/ui/screens/session/run-session.js';

const planned = [1, 2, 3, 4, 5].map((n) => ({
  id: `phase${n}`,
  title: `Phase ${n}`,
  steps: [{ id: `s${n}`, title: `Step ${n}`, host: n === 4 ? 'mentat' : 'landsraad' }],
}));

function snapshotRunning(stepN: number, at: string): RunSnapshot {
  let state = withPlannedSteps(initialRunState, planned);
  for (let n = 1; n < stepN; n += 1) {
    state = reduceRunState(state, {
      type: 'step-started',
      phaseId: `phase${n}`,
      stepId: `s${n}`,
      host: 'landsraad',
      title: `Step ${n}`,
      at,
    });
    state = reduceRunState(state, {
      type: 'step-finished',
      stepId: `s${n}`,
      outcome: 'ok',
      durationMs: 5,
      at,
    });
  }
  state = reduceRunState(state, {
    type: 'step-started',
    phaseId: `phase${stepN}`,
    stepId: `s${stepN}`,
    host: 'mentat',
    title: `Step ${stepN}`,
    at,
  });
  return { state, gate: null, paneVersion: 0, summary: null, error: null };
}

describe('run status line', () => {
  it('says how long the running step has run and which phase of how many it is in', () => {
    const started = '2026-12-06T06:00:00.000Z';
    const line = runStatusLine(snapshotRunning(4, started), 'deploy', Date.parse(started) + 12_300);
    expect(line).toBe('Running: Step 4 on mentat · 12.3s · phase 4/5 · 3/5 steps');
  });

  it('while the leave question is open it says so, not the next step as if the run carried on', () => {
    const state = withPlannedSteps(initialRunState, planned);
    const request: LeaveRequest = {
      stepId: 's2',
      title: 'Step 2',
      plan: {
        kind: 'ask',
        note: 'asks what to do',
        hosts: ['landsraad: release 20260107_101500 built, not live'],
        choices: ['back', 'pause'],
        resume: 'chom-console deploy --resume 20260107T101500Z-3f2a',
        rollback: null,
      },
    };
    const line = runStatusLine(
      {
        state,
        gate: { kind: 'leave', id: 1, request, answer: () => undefined },
        paneVersion: 0,
        summary: null,
        error: null,
      },
      'deploy',
    );
    expect(line).toBe('Waiting for you: cancelled at Step 2 · go back or pause · phase 1/5 · 0/5 steps');
    expect(line).not.toContain('Next:');
  });
});
