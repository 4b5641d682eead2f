// The history's Markdown and JSON writers, over journals the real runner wrote (every ending, a resumed
// chain, a torn journal): the table says result, duration, who and journal; notes say what a row cannot.
import { appendFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHistory } from '../../source/engine/run/run-history.js';
import { changesHosts, chooseResume } from '../../source/engine/run/resume-choice.js';
import { historyJson, historySchema } from '../../source/report/history-json.js';
import { historyMarkdown } from '../../source/report/history-markdown.js';
import { healthyHosts, runCollect, scriptedGates, stateDir, tinyProfile } from '../engine/tiny-profile.js';

const profile = tinyProfile();

async function journals(dir: string) {
  const failing = healthyHosts();
  failing.app.on(/migrate --force/, { code: 1, stderr: 'SQLSTATE' });
  await runCollect({
    transports: failing.map,
    gates: scriptedGates(),
    stateDir: dir,
    runId: '20260101T000000000Z-aaaaaa',
    profile,
  });
  const choice = chooseResume(dir, changesHosts(profile));
  if (choice.kind !== 'chosen') throw new Error('expected a run to resume');
  await runCollect({
    transports: healthyHosts().map,
    gates: scriptedGates(),
    stateDir: dir,
    runId: '20260101T000100000Z-bbbbbb',
    profile,
    resume: choice.state,
  });
  // a console killed mid-write: half an event at the end of a journal that has no end
  mkdirSync(`${dir}/journal`, { recursive: true });
  writeFileSync(
    `${dir}/journal/20260101T000200000Z-cccccc.jsonl`,
    `${JSON.stringify({ type: 'run-started', runId: '20260101T000200000Z-cccccc', mode: 'deploy', profile: 'tiny', operator: 'paul', at: '2026-01-01T00:02:00.000Z' })}\n${JSON.stringify({ type: 'phase-started', phaseId: 'prepare', title: 'Prepare', at: '2026-01-01T00:02:03.500Z' })}\n`,
  );
  appendFileSync(`${dir}/journal/20260101T000200000Z-cccccc.jsonl`, '{"type":"step-sta');
}

describe('history writers', () => {
  it('Markdown: a row per run, newest first, and notes for the chain, the failure and the torn journal', async () => {
    const dir = stateDir();
    await journals(dir);
    const md = historyMarkdown(runHistory(dir));
    const rows = md.split('\n').filter((line) => line.startsWith('| 2026'));
    expect(rows).toEqual([
      `| 2026-01-01 00:02:00 UTC | \`20260101T000200000Z-cccccc\` | deploy | tiny | never finished (console killed?) | ≥ 3.5s | paul | \`${dir}/journal/20260101T000200000Z-cccccc.jsonl\` |`,
      expect.stringMatching(
        /^\| \S+ \S+ UTC \| `20260101T000100000Z-bbbbbb` \| deploy \| tiny \| ok \| \S+ \| tester \| `.*bbbbbb\.jsonl` \|$/,
      ),
      expect.stringMatching(
        /^\| \S+ \S+ UTC \| `20260101T000000000Z-aaaaaa` \| deploy \| tiny \| failed at migrate \| \S+ \| tester \| `.*aaaaaa\.jsonl` \|$/,
      ),
    ]);
    expect(md).toContain('- `20260101T000100000Z-bbbbbb` resumed `20260101T000000000Z-aaaaaa`');
    expect(md).toContain(
      '- `20260101T000200000Z-cccccc`: journal cut at line 3 (1 unreadable line left out: the console was killed while writing?)',
    );
  });

  it('JSON: one document with the schema, every run and where the journals are', async () => {
    const dir = stateDir();
    await journals(dir);
    const doc = JSON.parse(historyJson(runHistory(dir))) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema: historySchema, journalDir: `${dir}/journal`, unreadable: [] });
    expect(doc['runs']).toEqual([
      expect.objectContaining({
        runId: '20260101T000200000Z-cccccc',
        result: 'interrupted',
        durationMs: 3500,
        damage: { line: 3, dropped: 1 },
      }),
      expect.objectContaining({
        runId: '20260101T000100000Z-bbbbbb',
        result: 'ok',
        resumedFrom: '20260101T000000000Z-aaaaaa',
      }),
      expect.objectContaining({
        runId: '20260101T000000000Z-aaaaaa',
        mode: 'deploy',
        operator: 'tester',
        result: 'failed',
        failedStep: 'migrate',
        resumedBy: ['20260101T000100000Z-bbbbbb'],
        journal: `${dir}/journal/20260101T000000000Z-aaaaaa.jsonl`,
      }),
    ]);
  });

  it('an empty home says there are no runs and where it looked', () => {
    const dir = stateDir();
    expect(historyMarkdown(runHistory(dir))).toBe(
      `# Run history\n\nNo runs yet: no journal under \`${dir}/journal\`. A deploy, rollback or verify writes one.\n`,
    );
  });
});
