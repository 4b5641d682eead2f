// The TUI's account of a deploy that failed: the automatic rollback's true end, what is live per host (from
// the switch's own readlink) and the exact recovery commands, as headless prints them.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { RunSummary } from '../../../../source/engine/run/runner.js';
import { OutcomePanel, outcomePanelRows } from '../../../../source/ui/screens/run/OutcomePanel.js';
import { expectFits, plainFrame } from '../../support/frames.js';

afterEach(cleanup);

const at = '2026-01-09T08:30:12.000Z';
const summary = (over: Partial<RunSummary>): RunSummary => ({
  runId: '20260109T083000000Z-abc123',
  outcome: 'failed',
  exitCode: 1,
  message: 'a step failed; the automatic rollback of app FAILED at step switch-back',
  hostStates: [
    {
      host: 'landsraad',
      lastCompletedStep: 'pre-switch-validation',
      interruptedStep: 'switch',
      release: '20260109_083012',
      live: { kind: 'confirmed', release: '20260109_083012', at, by: 'switch' },
      connection: 'lost',
    },
    {
      host: 'mentat',
      lastCompletedStep: 'verify-staged-set',
      interruptedStep: null,
      release: null,
      live: { kind: 'unchanged' },
      connection: 'connected',
    },
  ],
  lockHeldBy: null,
  checks: [],
  probes: [],
  journalPath: null,
  rollback: { scope: 'app', outcome: 'failed', failedStep: 'switch-back' },
  configured: [],
  switchedBefore: false,
  resumable: true,
  ...over,
});

describe('OutcomePanel', () => {
  it('says the rollback FAILED, the confirmed release is live, and prints the recovery commands', () => {
    const frame = plainFrame(render(<OutcomePanel summary={summary({})} profile="production" width={140} />));
    expect(frame).toContain('the automatic rollback of app FAILED at step switch-back');
    expect(frame).not.toMatch(/performed|finished ok/);
    expect(frame).toContain(
      `landsraad: release 20260109_083012 is live (confirmed by readlink at ${at}, after the switch)`,
    );
    expect(frame).toContain('mentat: not switched by this run');
    expect(frame).toContain('chom-console deploy --profile production --resume 20260109T083000000Z-abc123');
    expect(frame).toContain('chom-console rollback --profile production --target app');
    expectFits(frame, 140);
  });

  it('says unknown when the connection dropped after the rename was sent', () => {
    const unknown = summary({});
    unknown.hostStates[0]!.live = {
      kind: 'unknown',
      release: '20260109_083012',
      previous: { kind: 'unchanged', release: '20260106_132320' },
      reason: 'the connection dropped after the rename was sent',
    };
    const frame = plainFrame(render(<OutcomePanel summary={unknown} profile="sandbox" width={200} />));
    expect(frame).toContain(
      'landsraad: unknown: the connection dropped after the rename was sent; live is either release 20260109_083012 or release 20260106_132320 (live before this run)',
    );
    expect(frame).toContain('chom-console rollback --target app');
  });

  it('names the config files that may be the new ones on lines of their own, and offers the observability rollback', () => {
    const dropped = summary({
      rollback: null,
      configured: [
        {
          kind: 'changed',
          stepId: 'configure-alertmanager',
          host: 'mentat',
          files: ['/etc/observability/alertmanager/alertmanager.yml'],
        },
        {
          kind: 'unknown',
          stepId: 'configure-prometheus',
          host: 'mentat',
          files: ['/etc/observability/prometheus/prometheus.yml'],
          reason: 'the connection dropped during configure-prometheus, and the restore did not come back',
        },
      ],
    });
    const frame = plainFrame(render(<OutcomePanel summary={dropped} profile="sandbox" width={120} />));
    expect(frame).toContain('mentat: not switched by this run');
    expect(frame).toContain('live configs changed by configure-alertmanager');
    expect(frame).toContain(
      'unknown: the connection dropped during configure-prometheus, and the restore did not come back',
    );
    expect(frame).toContain('prometheus.yml may be the new one');
    expect(frame).toContain('chom-console rollback --target observability');
    expect(frame.split('\n')).toHaveLength(outcomePanelRows(dropped));
    expectFits(frame, 120);
  });
});
