// The README's test command as written: `bash .ci/run` works as root, and as a user who may use sudo (it runs
// itself again under sudo and gives the clone back). Runs the real script with `npm` and `apt-get` replaced by
// recorders on PATH, as a real unprivileged user made for the test.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const USER = 'chom-cirun';
const sudoers = `/etc/sudoers.d/${USER}`;

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (useradd, a sudoers entry)';
  if (spawnSync('which', ['sudo']).status !== 0) return 'needs sudo (apt-get install sudo)';
  return undefined;
}

function sh(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A clone-like folder holding the real .ci/run and recorders for npm and apt-get. */
function clone(owner: number): { dir: string; stubs: string; calls: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chom-cirun-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, '.ci'));
  copyFileSync(join(repo, '.ci', 'run'), join(dir, '.ci', 'run'));
  const stubs = join(dir, 'stubs');
  mkdirSync(stubs);
  const calls = join(dir, 'calls.log');
  for (const tool of ['npm', 'apt-get']) {
    writeFileSync(
      join(stubs, tool),
      `#!/bin/sh\necho "$(id -u) ${tool} $*" >> "${calls}"\ntouch made-by-${tool}\n`,
    );
    chmodSync(join(stubs, tool), 0o755);
  }
  sh('chown', ['-R', `${owner}:${owner}`, dir]);
  return { dir, stubs, calls };
}

const reason = unavailable();

describe.skipIf(reason !== undefined)(
  `.ci/run as root and as a sudo user${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    afterAll(() => {
      rmSync(sudoers, { force: true });
    });

    function user(): number {
      spawnSync('flock', [
        join(tmpdir(), 'chom-testbed-user.lock'),
        'sh',
        '-c',
        `id -u ${USER} || useradd -m ${USER}`,
      ]);
      return Number(sh('id', ['-u', USER]).trim());
    }

    it('as a sudo-capable user: runs npm ci and npm test as root, then gives the files back', () => {
      const uid = user();
      writeFileSync(sudoers, `${USER} ALL=(ALL) NOPASSWD:ALL\n`, { mode: 0o440 });
      const { dir, stubs, calls } = clone(uid);
      const run = spawnSync('su', [USER, '-c', `cd ${dir} && PATH=${stubs}:$PATH CI=true bash .ci/run`], {
        encoding: 'utf8',
      });
      expect(run.stdout).toContain('running again under sudo');
      expect(run.status).toBe(0);
      expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
        '0 npm ci --no-audit --no-fund',
        '0 npm test',
      ]);
      // Made by root under sudo, owned by the user afterwards.
      expect(statSync(join(dir, 'made-by-npm')).uid).toBe(uid);
      rmSync(dir, { recursive: true, force: true });
    });

    it('as a user without sudo: says what to do and changes nothing', () => {
      const uid = user();
      const { dir, calls } = clone(uid);
      // A PATH with what the script's first lines use, and no sudo.
      const bare = join(dir, 'bare');
      mkdirSync(bare);
      for (const tool of ['dirname', 'id']) symlinkSync(sh('which', [tool]).trim(), join(bare, tool));
      const bash = sh('which', ['bash']).trim();
      const run = spawnSync('su', [USER, '-c', `cd ${dir} && PATH=${bare} ${bash} .ci/run`], {
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('run it as root, or install sudo');
      expect(() => readFileSync(calls, 'utf8')).toThrow();
      rmSync(dir, { recursive: true, force: true });
    });

    it('as root: runs in place, without sudo', () => {
      const { dir, stubs, calls } = clone(0);
      const run = spawnSync('bash', ['.ci/run'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${stubs}:${process.env.PATH ?? ''}`, SUDO_UID: '' },
      });
      expect(run.status).toBe(0);
      expect(run.stdout).not.toContain('running again under sudo');
      expect(readFileSync(calls, 'utf8')).toContain('0 npm test');
      rmSync(dir, { recursive: true, force: true });
    });
  },
);

describe('the README names the test command .ci/run runs', () => {
  it('quick start says `bash .ci/run`, and .ci/run ends with `npm test`', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    expect(readme).toMatch(/^bash \.ci\/run\s+#/m);
    const script = readFileSync(join(repo, '.ci', 'run'), 'utf8')
      .trim()
      .split('\n');
    expect(script[script.length - 1]).toBe('npm test');
  });
});
