// The home screen's reads, run in real bash over a temp release tree: the live release and its commit, the
// deploy lock as the lock's own inspection sees it, and each SMTP state of alertmanager.yml.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appFactValues, homeFactsOf, keyValues } from '../../source/cli/home-answers.js';
import { buildAppFacts, buildSmtpState } from '../../source/commands/home-facts.js';
import { buildLockAcquire } from '../../source/commands/lock-commands.js';
import { runBash } from './bash.js';

const root = mkdtempSync(join(tmpdir(), 'home-facts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A release tree with `live` as current, its .deployment-info naming `commit`. */
function appBase(name: string, live: string, commit: string): string {
  const base = join(root, name);
  mkdirSync(join(base, 'releases', live), { recursive: true });
  writeFileSync(
    join(base, 'releases', live, '.deployment-info'),
    `commit_hash=${commit}\ncommit_message=x\n`,
  );
  symlinkSync(join(base, 'releases', live), join(base, 'current'));
  return base;
}

describe('home facts (real bash)', () => {
  it('reads the live release, its commit and a free lock; then the holder of a held one', () => {
    const base = appBase("it's here", '20260106_132320', 'abcdef0123456789');
    const lock = join(base, 'deploy.lock');
    const free = runBash(buildAppFacts('landsraad', base, lock), root);
    expect(free.code).toBe(0);
    expect(homeFactsOf(appFactValues(free.stdout), new Map(), 120)).toEqual({
      liveRelease: '20260106_132320',
      liveCommit: 'abcdef0',
      smtp: 'unknown',
      lock: { kind: 'free' },
    });
    const who = { owner: 'alice', host: 'elsewhere', pid: 1, runId: 'run-a' };
    expect(runBash(buildLockAcquire('landsraad', lock, who), root).code).toBe(0);
    const held = homeFactsOf(
      appFactValues(runBash(buildAppFacts('landsraad', base, lock), root).stdout),
      new Map(),
      120,
    );
    expect(held.lock).toMatchObject({ kind: 'held', owner: 'alice', stale: false });
  });

  it('without a lock in the runbook the lock is unknown; with no release nothing is live', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const facts = homeFactsOf(
      appFactValues(runBash(buildAppFacts('h', empty, undefined), root).stdout),
      new Map(),
      120,
    );
    expect(facts).toEqual({ smtp: 'unknown', lock: { kind: 'unknown' } });
  });

  it('says each SMTP state of alertmanager.yml, with the smarthost only', () => {
    const yml = join(root, 'alertmanager.yml');
    const state = (text: string | null) => {
      rmSync(yml, { force: true });
      if (text !== null) writeFileSync(yml, text);
      const answer = runBash(buildSmtpState('mentat', yml), root);
      expect(answer.code).toBe(0);
      return homeFactsOf(new Map(), keyValues(answer.stdout), 120).smtp;
    };
    expect(state(null)).toBe('unknown (alertmanager.yml is not readable)');
    expect(state("global:\n  smtp_smarthost: 'smtp.example.org:587'\n  smtp_auth_password: s3cret\n")).toBe(
      'configured (smtp.example.org:587)',
    );
    expect(state('global:\n  smtp_smarthost: __SMTP_HOST__\n')).toBe(
      'placeholders left in alertmanager.yml (alerts cannot be mailed)',
    );
    expect(state('global:\n  # smtp_smarthost: x:25\n')).toBe('not configured (SMTP lines commented out)');
    expect(state('route: {}\n')).toBe('not configured (no smtp_* settings)');
  });
});
