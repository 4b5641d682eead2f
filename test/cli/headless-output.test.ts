// What a headless run prints: step lines tagged with the host, the failure block, and verify's checklist.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistDocument, checklistMarkdown } from '../../source/report/checklist-report.js';
import { createHeadlessPrinter, lockHeldLines, failureBlock } from '../../source/cli/headless-printer.js';
import { formatDuration } from '../../source/lib/format-duration.js';
import type { RunEvent, StepFailure } from '../../source/engine/run/events.js';
import { loadProfile } from '../../source/profile/profile-loader.js';

const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const at = '2026-01-01T00:00:00Z';
const failure: StepFailure = {
  host: 'landsraad',
  stepId: 'health-check',
  command: 'set -e\ncurl http://localhost/up',
  exitCode: 1,
  signal: null,
  stderrTail: ['one', 'health check failed: redis-server is not active'],
  message: 'health-check on landsraad: the command exited 1, expected exit 0',
  hint: 'fix the cause on the host, then retry (r)',
};

describe('headless printer', () => {
  it('prints one tagged line per step start, output line and finish, and the failure block on stderr', () => {
    const out: string[] = [];
    const err: string[] = [];
    const printer = createHeadlessPrinter(loaded.profile, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    const events: RunEvent[] = [
      { type: 'step-started', phaseId: 'phase2', stepId: 'switch', host: 'landsraad', title: 'Switch', at },
      { type: 'output', host: 'landsraad', stepId: 'switch', stream: 'stdout', line: 'current=x', at },
      { type: 'step-finished', stepId: 'switch', outcome: 'ok', durationMs: 1234, at },
      {
        type: 'step-started',
        phaseId: 'phase2',
        stepId: 'health-check',
        host: 'landsraad',
        title: 'Health',
        at,
      },
      { type: 'step-finished', stepId: 'health-check', outcome: 'failed', durationMs: 80, failure, at },
      { type: 'failure-decided', stepId: 'health-check', decision: 'rollback', by: 'me', at },
    ];
    for (const event of events) printer.listener(event);
    expect(out).toEqual([
      '[landsraad] start switch: Switch',
      '[landsraad] current=x',
      '[landsraad] ok switch (1.2s)',
      '[landsraad] start health-check: Health',
      '[landsraad] FAILED health-check (80ms)',
    ]);
    expect(err[1]).toBe('performing the rollback of app now (headless with --yes)');
  });

  it('a held lock: the holder as --take-over-lock takes it, why it is (not) provably dead, the exact command', () => {
    const lock = {
      path: '/var/www/chom/.chom-console.lock',
      host: 'landsraad',
      owner: 'paul',
      holderHost: 'jump',
      pid: '9061',
      started: 1,
      heartbeat: 1,
      run: 'r1',
      ageSeconds: 12,
      stale: false,
    };
    const invocation = { profile: 'production', yes: true, values: 'v.yaml', passwordStdin: true };
    expect(
      lockHeldLines({ ...lock, verdict: { kind: 'dead-process', pid: '9061' } }, { invocation }),
    ).toEqual([
      'the deploy lock /var/www/chom/.chom-console.lock on landsraad is held by paul@jump (run r1, pid 9061, last heartbeat 12 s ago).',
      '  its process (pid 9061) is dead on this machine.',
      '  take it over: chom-console deploy --profile production --take-over-lock paul@jump --yes --values v.yaml --password-stdin',
    ]);
    const alive = lockHeldLines(
      { ...lock, verdict: { kind: 'fresh-elsewhere', ageSeconds: 12, staleAfter: 300 } },
      { invocation, takeOverLock: 'paul@jump' },
    );
    expect(alive.slice(1)).toEqual([
      '  it runs on another machine and its last heartbeat came 12 s ago: wait for that deploy to finish or ask its operator; it can be taken over once no heartbeat came for 300 s.',
    ]);
    const wrong = lockHeldLines(
      { ...lock, verdict: { kind: 'dead-process', pid: '9061' } },
      { invocation, takeOverLock: 'jessica@caladan' },
    );
    expect(wrong[2]).toBe(
      '  --take-over-lock jessica@caladan does not name this holder (paul@jump): nothing was taken over.',
    );
  });

  it('the failure block names host, step, command, exit code, stderr tail and the next step (no TUI keys)', () => {
    expect(failureBlock(failure)).toBe(
      [
        'FAILED: step health-check on landsraad: the command exited 1, expected exit 0',
        '  command:',
        '    set -e',
        '    curl http://localhost/up',
        '  exit code 1',
        '  last 2 stderr lines:',
        '    | one',
        '    | health check failed: redis-server is not active',
        '  next: fix the cause on the host, then retry',
      ].join('\n'),
    );
    expect([formatDuration(850), formatDuration(12_340), formatDuration(125_000)]).toEqual([
      '850ms',
      '12.3s',
      '2m05s',
    ]);
  });
});

describe('verify checklist', () => {
  it('groups the criteria with ✓/✗, explains failures, and counts', () => {
    const doc = checklistDocument('sandbox', 'run-1', [
      {
        id: 'a',
        group: 'Application',
        title: 'API answers',
        explain: 'The route is missing.',
        outcome: 'fail',
        detail: 'HTTP 301\n',
      },
      { id: 'b', group: 'Application', title: 'Up', explain: 'Down.', outcome: 'pass', detail: '' },
      { id: 'c', group: 'Integration', title: 'Mail', explain: 'No mail.', outcome: 'pass', detail: '' },
    ]);
    expect(doc).toMatchObject({ passed: 2, failed: 1, total: 3, ok: false });
    expect(checklistMarkdown(doc)).toBe(
      [
        '# Success criteria — profile sandbox (run run-1)',
        '',
        '## Application',
        '',
        '✗ 1. API answers (`a`)',
        '    why: The route is missing.',
        '    seen: HTTP 301',
        '✓ 2. Up (`b`)',
        '',
        '## Integration',
        '',
        '✓ 3. Mail (`c`)',
        '',
        '2 of 3 criteria pass; 1 fails.',
        '',
      ].join('\n'),
    );
  });
});
