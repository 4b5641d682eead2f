// The run history in a real terminal (pty): a home whose journals the real runner wrote (a failed deploy, a
// rollback, a console killed mid-write), as an operator finds it: home lists them, h opens the history,
// Enter reopens a run read-only (R says why nothing starts), Esc leads back, q quits with 0.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalPath } from '../../source/engine/run/journal.js';
import { buildRunPlan } from '../../source/engine/plan/plan.js';
import { healthyHosts, runCollect, scriptedGates, tinyProfile } from '../engine/tiny-profile.js';
import { spawnCli, type PtyTerminal } from '../helpers/pty-terminal.js';

const homes: string[] = [];
const terms: PtyTerminal[] = [];
afterAll(async () => {
  for (const term of terms) term.kill();
  await Promise.all(terms.map((term) => term.exited));
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe('run history on a terminal', () => {
  it('home lists the runs; a failed deploy reopens read-only with its steps; a torn journal is said', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chom-tui-history-'));
    homes.push(home);
    const profile = tinyProfile();
    const failing = healthyHosts();
    failing.app.on(/migrate --force/, { code: 1, stderr: 'SQLSTATE[42P01]: relation missing' });
    await runCollect({
      transports: failing.map,
      gates: scriptedGates(),
      stateDir: home,
      runId: '20260101T000000000Z-aaaaaa',
      profile,
    });
    await runCollect(
      {
        transports: healthyHosts().map,
        gates: scriptedGates(),
        stateDir: home,
        runId: '20260101T000100000Z-bbbbbb',
        profile,
      },
      buildRunPlan(profile, { mode: 'rollback', target: 'app' }),
    );
    appendFileSync(journalPath(home, '20260101T000100000Z-bbbbbb'), '{"type":"outp');

    const term = spawnCli([], { env: { CHOM_CONSOLE_HOME: home }, name: 'tui-history' });
    terms.push(term);
    let screen = await term.waitForText('Recent runs');
    expect(screen).toMatch(/UTC {2}rollback {2}ok {2,}\S+ +tester {2}20260101T000100000Z-bbbbbb\.jsonl/);
    expect(screen).toMatch(
      /UTC {2}deploy {4}failed at migrate {2}\S+ +tester {2}20260101T000000000Z-aaaaaa\.jsonl/,
    );
    term.save('home-recent-runs');

    await term.press('h');
    screen = await term.waitForText('Run history · 2 runs');
    expect(screen).toMatch(/damaged {2}journal cut at line \d+ \(1 unreadable line left out/);
    await term.press('j');
    screen = await term.waitForText(/❯ .*deploy +failed at migrate/);
    expect(screen).toContain('said     a step failed');
    term.save('history-screen');
    await term.press('enter');
    screen = await term.waitForText('read-only · deploy 20260101T000000000Z-aaaaaa · failed');
    expect(screen).toMatch(/✓ Create release/);
    expect(screen).toMatch(/✗ Migrate/);
    expect(screen).toContain('SQLSTATE[42P01]: relation missing');
    term.save('reopened-failed-deploy');
    await term.press('R');
    screen = await term.waitForText('nothing starts from here');
    expect(screen).not.toContain('Roll back: choose a release');
    term.save('reopened-R-refused');

    await term.press('esc');
    await term.waitForText(/❯ .*deploy +failed at migrate/);
    await term.press('esc');
    await term.waitForText('Recent runs');
    await term.press('q');
    expect((await term.exited).exitCode).toBe(0);
  });
});
