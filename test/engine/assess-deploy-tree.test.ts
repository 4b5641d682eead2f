// The deploy-hub tree probe, run by the real bash on a crafted hub: every regular file hashed (names with
// spaces and dot-files included), .git and symlinks left out, an absent hub said as such; and the guard
// accepts it as read-only.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployTreeProbe, hubFiles } from '../../source/engine/assess/assess-deploy-tree.js';
import { guardProbeScript } from '../../source/engine/assess/assess-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-hub-tree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const script = (hub: string): string =>
  (deployTreeProbe('mentat').run!.command ?? '').replaceAll('{{deploy_hub}}', `'${hub}'`);
const run = (hub: string): string[] => {
  const result = spawnSync('bash', ['-c', script(hub)], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
};

describe('deploy-hub tree probe', () => {
  it('hashes every regular file of the hub, without .git or symlinks', () => {
    const files: Record<string, string> = {
      'deploy-chom.sh': 'one\n',
      'scripts/with space.sh': 'two\n',
      'config/mentat/.env.example': 'three\n',
      '.git/config': 'not part of the copy\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    symlinkSync(join(dir, 'deploy-chom.sh'), join(dir, 'link.sh'));
    expect(hubFiles(run(dir))).toEqual(
      new Map([
        ['config/mentat/.env.example', sha('three\n')],
        ['deploy-chom.sh', sha('one\n')],
        ['scripts/with space.sh', sha('two\n')],
      ]),
    );
  });

  it('says when the hub is absent', () => {
    const lines = run(join(dir, 'nowhere'));
    expect(lines).toEqual(['hub=absent']);
    expect(hubFiles(lines)).toBeNull();
  });

  it('passes the read-only guard', () => {
    expect(guardProbeScript(deployTreeProbe('mentat').run!.command ?? '')).toEqual([]);
  });
});
