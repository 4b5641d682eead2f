import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildReleaseCleanup } from '../../source/commands/release-cleanup.js';
import { buildReleaseCreate, parseKeyValues } from '../../source/commands/release-create.js';
import { buildReleaseActivate, buildReleaseRollback } from '../../source/commands/release-switch.js';
import { runBash } from './bash.js';

const root = mkdtempSync(join(tmpdir(), 'release-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let base = '';
let n = 0;

/** A release made before the console (deploy-application.sh): `.deployment-info`, not in the ledger. */
function legacy(id: string): void {
  mkdirSync(join(base, 'releases', id), { recursive: true });
  writeFileSync(join(base, 'releases', id, '.deployment-info'), `release_id=${id}\n`);
}

beforeEach(() => {
  n += 1;
  base = join(root, `chom ${n}`, "it's");
  mkdirSync(join(base, 'releases'), { recursive: true });
});

describe('release create', () => {
  it('is the exact script (Kamal style) with the base quoted', () => {
    const { script } = buildReleaseCreate('landsraad', "/var/www/it's");
    expect(script.split('\n').slice(0, 3)).toEqual([
      'set -eu',
      `base='/var/www/it'\\''s'`,
      'mkdir -p -- "$base/releases"',
    ]);
    expect(script).toContain(
      '  id=$(date -u +%Y%m%d_%H%M%S)\n  if mkdir -- "$base/releases/$id" 2>/dev/null; then',
    );
  });

  it('makes unique timestamp names even within one second, and reports the previous release', () => {
    legacy('20260106_132320');
    symlinkSync(join(base, 'releases', '20260106_132320'), join(base, 'current'));
    const first = runBash(buildReleaseCreate('h', base), root);
    const second = runBash(buildReleaseCreate('h', base), root);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const a = parseKeyValues(first.stdout);
    const b = parseKeyValues(second.stdout);
    expect(a['release_id']).toMatch(/^\d{8}_\d{6}$/);
    expect(b['release_id']).not.toBe(a['release_id']);
    expect(a['rollback_target']).toBe('20260106_132320');
    expect(a['release_path']).toBe(join(base, 'releases', a['release_id']!));
    expect(readFileSync(join(base, '.chom-console-releases'), 'utf8')).toBe(
      `${a['release_id']}\n${b['release_id']}\n`,
    );
    // git clone needs an empty directory: create must leave it empty.
    expect(readdirSync(join(base, 'releases', a['release_id']!))).toEqual([]);
  });
});

describe('release activate and rollback (real bash, real symlinks)', () => {
  it('switches atomically with ln -sfn + mv -Tf, verifies with readlink, writes the completion marker', () => {
    legacy('20260106_132320');
    symlinkSync(join(base, 'releases', '20260106_132320'), join(base, 'current'));
    const id = parseKeyValues(runBash(buildReleaseCreate('h', base), root).stdout)['release_id']!;
    writeFileSync(join(base, 'releases', id, 'artisan'), '');
    const command = buildReleaseActivate('h', base, id, 'run-1');
    expect(command.script).toContain(
      'ln -sfn -- "$target" "$base/current.tmp.run-1" && mv -Tf -- "$base/current.tmp.run-1" "$base/current"',
    );
    const result = runBash(command, root);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`current=${id}\n`);
    expect(readlinkSync(join(base, 'current'))).toBe(join(base, 'releases', id));
    expect(existsSync(join(base, 'releases', id, '.release-complete'))).toBe(true);
    expect(existsSync(join(base, 'current.tmp.run-1'))).toBe(false);
    const back = runBash(buildReleaseRollback('h', base, '20260106_132320', 'run-1'), root);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`previous=${id}`);
    expect(readlinkSync(join(base, 'current'))).toBe(join(base, 'releases', '20260106_132320'));
  });

  it('refuses to activate a missing or empty release, leaving current alone', () => {
    legacy('20260106_132320');
    symlinkSync(join(base, 'releases', '20260106_132320'), join(base, 'current'));
    mkdirSync(join(base, 'releases', '20260109_000000'));
    const empty = runBash(buildReleaseActivate('h', base, '20260109_000000', 'r'), root);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('is empty');
    expect(runBash(buildReleaseActivate('h', base, '20260109_000001', 'r'), root).stderr).toContain(
      'not found',
    );
    expect(readlinkSync(join(base, 'current'))).toBe(join(base, 'releases', '20260106_132320'));
    expect(() => buildReleaseActivate('h', base, '../etc', 'r')).toThrow(/not a release name/);
  });

  it('refuses a console-made release without .release-complete; default target is the newest complete older one', () => {
    legacy('20260101_000000');
    legacy('20260106_132320');
    const failed = parseKeyValues(runBash(buildReleaseCreate('h', base), root).stdout)['release_id']!;
    writeFileSync(join(base, 'releases', failed, '.deployment-info'), 'x=1\n');
    symlinkSync(join(base, 'releases', '20260106_132320'), join(base, 'current'));
    const refused = runBash(buildReleaseRollback('h', base, failed, 'r'), root);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('incomplete');
    const auto = runBash(buildReleaseRollback('h', base, '', 'r'), root);
    expect(auto.stderr).toBe('');
    expect(auto.stdout).toContain('current=20260101_000000');
    // Nothing older and complete: refuse instead of pointing current at releases/ (rollback.sh's fault).
    const none = runBash(buildReleaseRollback('h', base, '', 'r'), root);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no complete release older than 20260101_000000');
    expect(readlinkSync(join(base, 'current'))).toBe(join(base, 'releases', '20260101_000000'));
  });
});

describe('release cleanup', () => {
  it('keeps the newest N by name, never the live release or the rollback target', () => {
    const ids = [
      '20250101_000000',
      '20250201_000000',
      '20250301_000000',
      '20250401_000000',
      '20250501_000000',
      '20250601_000000',
    ];
    for (const id of ids) legacy(id);
    symlinkSync(join(base, 'releases', '20250101_000000'), join(base, 'current'));
    const command = buildReleaseCleanup('h', base, 2, '20250201_000000');
    const result = runBash(command, root);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('removed 20250401_000000\nremoved 20250301_000000\n');
    expect(readdirSync(join(base, 'releases')).sort()).toEqual([
      '20250101_000000',
      '20250201_000000',
      '20250501_000000',
      '20250601_000000',
    ]);
    expect(() => buildReleaseCleanup('h', base, 1, '')).toThrow(/keep must be/);
  });
});
