// `chom-console assess` as a process: JSON on stdout only (and the same bytes in --out), exit 0; with one
// host unreachable the report still prints, says why for that host, and the exit code is 3.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, readFacts } from '../../source/sandbox/world/world.js';
import { root, runCli } from '../cli/run-cli.js';

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('chom-console assess (process)', () => {
  let home: string;
  let repo: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'chom-assess-cli-'));
    await createWorld(home);
    repo = join(home, 'sandbox', 'world', 'repo');
  }, 60_000);

  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('prints one JSON document, writes the same to --out, and exits 0', async () => {
    const out = join(home, 'assessment.json');
    const run = await runCli(
      ['assess', '--profile', 'sandbox', '--format', 'json', '--repo', repo, '--out', out],
      {
        CHOM_CONSOLE_HOME: home,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      schema: string;
      hosts: Record<string, { facts: Record<string, unknown> }>;
    };
    expect(doc.schema).toBe('chom-console/assessment@1');
    expect(doc.hosts.landsraad!.facts.current_release).toBe('20260106_132320');
    expect(doc.hosts.mentat!.facts.smtp_state).toBe('commented-out');
    expect(readFileSync(out, 'utf8')).toBe(run.stdout);
    // issue 14, item 7: the sandbox's generated commits carry the seed's names (7f572d2, bb283db)
    const commits = readFacts(home).commits;
    expect((doc as unknown as { commit_names: Record<string, string> }).commit_names).toMatchObject({
      [commits['7f572d2']!]: '7f572d2',
      [commits.bb283db!]: 'bb283db',
    });
    const markdown = await runCli(['assess', '--profile', 'sandbox', '--repo', repo], {
      CHOM_CONSOLE_HOME: home,
    });
    const live = commits['7f572d2']!.slice(0, 7);
    expect(markdown.stdout).toContain(
      `landsraad runs ${live} (7f572d2 in the report) (release 20260106_132320)`,
    );
    expect(markdown.stdout).toContain(
      `- **Deployed Commit (landsraad):** \`${live}\` (7f572d2 in the report)`,
    );
    expect(markdown.stdout).toContain(`${commits.bb283db!.slice(0, 7)} (bb283db in the report) - `);
  }, 120_000);

  it('reports the reachable host when the other is down, says why, and exits 3', async () => {
    const port = await closedPort();
    const profile = join(home, 'mentat-down.yaml');
    writeFileSync(
      profile,
      [
        'name: mentat-down',
        `extends: ${join(root, 'profiles', 'sandbox.yaml')}`,
        'hosts:',
        '  mentat:',
        '    address: 127.0.0.1',
        `    port: ${port}`,
        '    user: deploy',
        '    roles: [observability, deploy-hub]',
        '',
      ].join('\n'),
    );
    const run = await runCli(['assess', '--profile', profile, '--repo', repo], { CHOM_CONSOLE_HOME: home });
    expect(run.code, run.stderr).toBe(3);
    const mentat = run.stdout.slice(run.stdout.indexOf('(Observability Server'));
    expect(mentat).toMatch(/Not reachable:/);
    expect(run.stdout).toContain('READ-ONLY ASSESSMENT INCOMPLETE');
    expect(run.stdout).toContain('`20260106_132320`');
    expect(run.stdout).toContain('2026_01_06_122430_add_metadata_to_users_table');
    expect(run.stderr).toMatch(/mentat: not reachable/);
  }, 120_000);
});
