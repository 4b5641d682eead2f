// `upload: identical` compares on the host with the real bash, cmp and stat: the bytes, then the mode (and
// owner) the upload would set. A file with the right bytes but the wrong mode is not "identical": the upload
// would change it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { absentExit, buildSameUpload, buildSameUploads } from '../../source/commands/live-file-commands.js';
import { runBash } from './bash.js';

const dir = mkdtempSync(join(tmpdir(), 'same-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildSameUpload', () => {
  it('exit 0 only for the same bytes and mode (and owner); 1 when either differs; 3 when absent', () => {
    const path = join(dir, "deploy 'x'.sh");
    const content = 'echo "$(id)"\nß\n';
    writeFileSync(path, content);
    chmodSync(path, 0o755);
    const same = (text: string, mode: string, owner?: string) =>
      runBash(buildSameUpload('mentat', path, text, { mode, ...(owner !== undefined && { owner }) }), dir)
        .code;
    expect(same(content, '0755')).toBe(0);
    expect(same(content, '0755', userInfo().username)).toBe(0);
    expect(same(content, '0755', 'nobody-else')).toBe(1);
    expect(same(content, '0644')).toBe(1);
    expect(same(`${content} `, '0755')).toBe(1);
    expect(runBash(buildSameUpload('mentat', join(dir, 'absent'), content, { mode: '0644' }), dir).code).toBe(
      absentExit,
    );
  });
});

describe('buildSameUploads', () => {
  it('answers every staged file in one script, by sha256, as buildSameUpload would one by one', () => {
    const content = "groups:\n  - name: '$(id)' ✓\n";
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const same = join(dir, 'same "one".yml');
    const moded = join(dir, 'moded.yml');
    const other = join(dir, 'other.yml');
    writeFileSync(same, content);
    chmodSync(same, 0o644);
    writeFileSync(moded, content);
    chmodSync(moded, 0o600);
    writeFileSync(other, `${content}#\n`);
    chmodSync(other, 0o644);
    const files = [same, moded, other, join(dir, 'absent.yml')].map((path) => ({
      path,
      sha256: sha(content),
      mode: '0644',
    }));
    const run = runBash(buildSameUploads('mentat', files), dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'same-upload 0 0',
      'same-upload 1 1',
      'same-upload 2 1',
      `same-upload 3 ${absentExit}`,
    ]);
    for (const [index, file] of files.slice(0, 3).entries())
      expect(runBash(buildSameUpload('mentat', file.path, content, { mode: '0644' }), dir).code).toBe(
        Number(run.stdout.trim().split('\n')[index]!.split(' ')[2]),
      );
  });
});
