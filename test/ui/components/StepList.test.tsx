import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { StepList } from '../../../source/ui/components/StepList.js';
import { nextStepId, type PhaseItem } from '../../../source/ui/step-view.js';
import { expectFits, plainFrame } from '../support/frames.js';

afterEach(cleanup);

const phases: PhaseItem[] = [
  {
    id: 'p1',
    title: 'Phase 1 · Preflight',
    steps: [
      { id: 'lock', title: 'Take the deploy lock', host: 'landsraad', state: 'ok', durationMs: 230 },
      { id: 'probe', title: 'Probe current release', host: 'landsraad', state: 'skipped' },
    ],
  },
  {
    id: 'p2',
    title: 'Phase 2 · Application release',
    steps: [
      { id: 'create', title: 'Create release directory', host: 'landsraad', state: 'ok', durationMs: 4200 },
      { id: 'composer', title: 'composer install', host: 'landsraad', state: 'running', durationMs: 123_000 },
      { id: 'migrate', title: 'Run migrations', host: 'landsraad', state: 'pending' },
      { id: 'switch', title: 'Switch current', host: 'landsraad', state: 'pending' },
    ],
  },
  {
    id: 'p3',
    title: 'Phase 3 · Alerting',
    steps: [{ id: 'smtp', title: 'Configure SMTP', host: 'mentat', state: 'failed', durationMs: 61_000 }],
  },
];

describe('StepList', () => {
  it('shows phases, step states, durations and the next marker', () => {
    const frame = plainFrame(render(<StepList phases={phases} width={80} height={20} animate={false} />));
    expect(frame).toContain('Phase 1 · Preflight 2/2');
    expect(frame).toContain('Phase 2 · Application release 1/4');
    expect(frame).toMatch(/✓ Take the deploy lock\s+landsraad\s+230ms/);
    expect(frame).toMatch(/⊘ Probe current release/);
    expect(frame).toMatch(/↻ composer install\s+landsraad\s+2m03s/);
    expect(frame).toMatch(/▸ ○ Run migrations/);
    expect(frame).toMatch(/ {2}○ Switch current/);
    expect(frame).toMatch(/✗ Configure SMTP\s+mentat\s+1m01s/);
    expectFits(frame, 80);
  });

  it('a skipped step shows its evidence after its title, within the width', () => {
    const skipped: PhaseItem[] = [
      {
        id: 'p4',
        title: 'Phase 4',
        steps: [
          {
            id: 'configure-prometheus',
            title: 'Render prometheus.yml',
            host: 'mentat',
            state: 'skipped',
            reason: 'rendered config identical to the live files (/etc/prometheus.yml)',
          },
        ],
      },
    ];
    const frame = plainFrame(render(<StepList phases={skipped} width={80} height={5} animate={false} />));
    expect(frame).toMatch(/⊘ Render prometheus\.yml — rendered config identical to the l/);
    expectFits(frame, 80);
    const narrow = plainFrame(render(<StepList phases={skipped} width={40} height={5} animate={false} />));
    expectFits(narrow, 40);
  });

  it('marks a step waiting for confirmation', () => {
    const waiting = phases.map((phase) => ({
      ...phase,
      steps: phase.steps.map((step) =>
        step.id === 'composer' ? { ...step, state: 'waiting-confirm' as const } : step,
      ),
    }));
    const frame = plainFrame(render(<StepList phases={waiting} width={80} height={20} animate={false} />));
    expect(frame).toMatch(/▸ \? composer install \(confirm\?\)/);
    expect(nextStepId(waiting)).toBe('composer');
  });

  it('a finished run in a short list shows where it ended (its last phase), not its first', () => {
    const finished = phases.map((phase) => ({
      ...phase,
      steps: phase.steps.map((step) => ({ ...step, state: 'ok' as const, durationMs: 1000 })),
    }));
    const frame = plainFrame(render(<StepList phases={finished} width={80} height={3} animate={false} />));
    expect(frame).toMatch(/✓ Configure SMTP/);
    expect(frame).toContain('Phase 3 · Alerting 1/1 · phase 3/3');
    expect(frame).not.toContain('Take the deploy lock');
  });

  it('keeps the running step visible in a short list and fits narrow widths', () => {
    const frame = plainFrame(render(<StepList phases={phases} width={40} height={4} animate={false} />));
    expect(frame).toContain('composer install');
    expect(frame.split('\n')).toHaveLength(4);
    expectFits(frame, 40);
  });
});

describe('StepList progress (issue 13 item 7)', () => {
  it('the running step counts up from when it started; each phase says which of how many it is', () => {
    const started = Date.parse('2026-12-06T06:00:00.000Z');
    const running: PhaseItem[] = [
      {
        id: 'p1',
        title: 'Preflight',
        steps: [
          { id: 'lock', title: 'Take the deploy lock', host: 'landsraad', state: 'ok', durationMs: 230 },
        ],
      },
      {
        id: 'p2',
        title: 'Application release',
        steps: [
          {
            id: 'composer',
            title: 'composer install',
            host: 'landsraad',
            state: 'running',
            startedAt: started,
          },
        ],
      },
    ];
    const frame = plainFrame(
      render(<StepList phases={running} width={80} height={10} animate={false} now={started + 75_000} />),
    );
    expect(frame).toContain('Preflight 1/1 · phase 1/2');
    expect(frame).toContain('Application release 0/1 · phase 2/2');
    expect(frame).toMatch(/↻ composer install\s+landsraad\s+1m15s/);
    expectFits(frame, 80);
  });
});
