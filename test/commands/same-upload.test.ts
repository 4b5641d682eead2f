// `upload: identical` compares on the host with the real bash, cmp and stat: the bytes, then the mode (and
// owner) the upload would set. A file with the right bytes but the wrong mode is not "identical": the upload
// would change it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { absentExit, buildSameUpload } from '../../source/commands/live-file-commands.js';
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
