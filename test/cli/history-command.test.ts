// `chom-console history` as a user runs it: a home with runs (journals the real runner wrote) in Markdown
// and JSON, and an empty home that says so; exit 0 either way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyHosts, runCollect, scriptedGates, tinyProfile } from '../engine/tiny-profile.js';
import { runCli } from './run-cli.js';

describe('chom-console history', () => {
  it('lists the runs of a home, newest first, in Markdown and JSON', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cli-history-'));
    const profile = tinyProfile();
    await runCollect({
      transports: healthyHosts().map,
      gates: scriptedGates(),
      stateDir: home,
      runId: '20260101T000000000Z-aaaaaa',
      profile,
    });
    await runCollect({
      transports: healthyHosts().map,
      gates: { ...scriptedGates(), form: async () => 'cancel' },
      stateDir: home,
      runId: '20260101T000100000Z-bbbbbb',
      profile,
    });
    const md = await runCli(['history'], { CHOM_CONSOLE_HOME: home });
    expect(md.code).toBe(0);
    expect(md.stderr).toBe('');
    expect(md.stdout).toMatch(
      /\| `20260101T000100000Z-bbbbbb` \| deploy \| tiny \| aborted \| \S+ \| tester \| `.*bbbbbb\.jsonl` \|\n\| .*`20260101T000000000Z-aaaaaa` \| deploy \| tiny \| ok \|/,
    );
    const json = await runCli(['history', '--format', 'json'], { CHOM_CONSOLE_HOME: home });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { runs: { runId: string; result: string }[] };
    expect(doc.runs.map((run) => [run.runId, run.result])).toEqual([
      ['20260101T000100000Z-bbbbbb', 'aborted'],
      ['20260101T000000000Z-aaaaaa', 'ok'],
    ]);
  });

  it('an empty home says there are no runs yet and exits 0', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cli-history-'));
    const run = await runCli(['history'], { CHOM_CONSOLE_HOME: home });
    expect(run).toEqual({
      code: 0,
      stdout: `# Run history\n\nNo runs yet: no journal under \`${home}/journal\`. A deploy, rollback or verify writes one.\n`,
      stderr: '',
    });
  });
});
