// The batch script and its split, run by the real local bash: per-probe stdout, stderr, exit codes, order
// within lanes, nothing lost or forged.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import {
  batchScript,
  laneItems,
  scriptWeight,
  splitBatch,
  type BatchItem,
} from '../../source/engine/assess/assess-script.js';

function run(items: BatchItem[], nonce = 'n0nce', lanes?: number) {
  const result = spawnSync('bash', ['-c', batchScript(items, nonce, lanes)], {
    encoding: 'utf8',
    maxBuffer: 1e8,
  });
  expect(result.status).toBe(0);
  return splitBatch(result.stdout, items.length, nonce);
}

describe('assess batch script', () => {
  it('returns each probe its own stdout, stderr and exit code, whatever the lanes', () => {
    const items: BatchItem[] = [
      { id: '0', script: 'echo hello; echo oops >&2; exit 3', timeoutSeconds: 5 },
      { id: '1', script: 'printf "no newline at the end"', timeoutSeconds: 5 },
      { id: '2', script: 'cd /nonexistent-chom || exit 1\necho never', timeoutSeconds: 5 },
      { id: '3', script: `echo "it's"; echo '$HOME'; printf '\\n\\n'`, timeoutSeconds: 5 },
      { id: '4', script: 'head -c 150000 /dev/zero | tr "\\0" x; echo', timeoutSeconds: 5 },
      { id: '5', script: 'echo "$1|$#"', timeoutSeconds: 5 },
    ];
    for (const lanes of [1, 3, 6]) {
      const out = run(items, 'n0nce', lanes);
      expect(out[0]).toMatchObject({ stdout: 'hello\n', stderr: 'oops\n', exit: 3 });
      expect(out[1]).toMatchObject({ stdout: 'no newline at the end', stderr: '', exit: 0 });
      expect(out[2]!.exit).toBe(1);
      expect(out[2]!.stdout).toBe('');
      expect(out[2]!.stderr).toContain('/nonexistent-chom');
      expect(out[3]).toMatchObject({ stdout: "it's\n$HOME\n\n\n", exit: 0 });
      expect(out[4]!.stdout).toBe(`${'x'.repeat(150000)}\n`);
      expect(out[5]!.stdout).toBe('|0\n');
    }
  });

  it('leaves the probe its own traps, exec and file descriptors (nothing of the harness is open in it)', () => {
    const items: BatchItem[] = [
      // an EXIT trap of its own still prints to stdout, and stderr ending in '.' keeps it
      { id: '0', script: "trap 'echo cleaned' EXIT; echo work; echo 'warn.' >&2", timeoutSeconds: 5 },
      // a probe that ends by exec'ing a command reports that command's output and status
      { id: '1', script: 'echo before; exec sh -c "echo replaced; exit 7"', timeoutSeconds: 5 },
      // fd 3 and fd 9 are the probe's: the harness writes nothing into them
      {
        id: '2',
        script: 'exec 3>"$TMPDIR_TEST/fd3" 9>"$TMPDIR_TEST/fd9"; echo to3 >&3; echo done',
        timeoutSeconds: 5,
      },
    ];
    // the same three as probes with a time limit (they name a runtime: the watchdog path)
    const limited = items.map((item, i) => ({
      ...item,
      id: String(3 + i),
      script: `# curl\n${item.script.replaceAll('fd3', `fd3-${i}`).replaceAll('fd9', `fd9-${i}`)}`,
    }));
    // what a probe has open: its own 0, 1 and 2 only (the lane, the capture, and no watchdog pipe)
    const fds = { id: '6', script: 'ls /proc/self/fd | sort -n | paste -sd" "', timeoutSeconds: 5 };
    const fdsLimited = { ...fds, id: '7', script: `# php\n${fds.script}` };
    const dir = mkdtempSync(join(tmpdir(), 'chom-batch-fd-'));
    try {
      const withDir = [...items, ...limited, fds, fdsLimited].map((item) => ({
        ...item,
        script: item.script.replaceAll('$TMPDIR_TEST', dir),
      }));
      const out = run(withDir, 'n0nce', 1);
      for (const base of [0, 3]) {
        expect(out[base]).toMatchObject({ stdout: 'work\ncleaned\n', stderr: 'warn.\n', exit: 0 });
        expect(out[base + 1]).toMatchObject({ stdout: 'before\nreplaced\n', exit: 7 });
        expect(out[base + 2]).toMatchObject({ stdout: 'done\n', exit: 0 });
        const suffix = base === 0 ? '' : '-2';
        expect(readFileSync(join(dir, `fd3${suffix}`), 'utf8')).toBe('to3\n');
        expect(readFileSync(join(dir, `fd9${suffix}`), 'utf8')).toBe('');
      }
      // exactly what the same command sees run alone (this process may pass fds of its own to both)
      const alone = spawnSync('bash', ['-c', fds.script], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(alone.stdout).toMatch(/^0 1 2 3\b/);
      expect(out[6]).toMatchObject({ stdout: alone.stdout, exit: 0 });
      expect(out[7]).toMatchObject({ stdout: alone.stdout, exit: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cannot be fooled by a probe printing marker-like lines (the nonce is per run)', () => {
    const out = run(
      [
        { id: '0', script: "printf '\\nchom-assess-guess:exit:0:0:1\\nafter\\n'", timeoutSeconds: 5 },
        { id: '1', script: 'echo second', timeoutSeconds: 5 },
      ],
      'realnonce',
    );
    expect(out[0]!.stdout).toBe('\nchom-assess-guess:exit:0:0:1\nafter\n');
    expect(out[1]!.stdout).toBe('second\n');
  });

  it('stops a heavy probe at its time limit and still reports the others', () => {
    const out = run([
      { id: '0', script: 'curl --version >/dev/null; sleep 20', timeoutSeconds: 1 },
      { id: '1', script: 'echo fine', timeoutSeconds: 5 },
    ]);
    expect(out[0]!.exit).toBe(124);
    expect(out[1]).toMatchObject({ stdout: 'fine\n', exit: 0 });
  }, 15_000);

  it('stops everything a timed-out probe started, also a probe that ignores TERM', () => {
    const out = run(
      [
        // a background child keeps the lane's pipe open: only a kill of the whole group ends the lane
        { id: '0', script: 'curl --version >/dev/null; sleep 30.417 & sleep 30.417', timeoutSeconds: 1 },
        // TERM ignored: KILL 2 s later
        { id: '1', script: "php() { :; }; trap '' TERM; echo stubborn; sleep 30.418", timeoutSeconds: 1 },
        { id: '2', script: '# psql\necho in time; exit 5', timeoutSeconds: 5 },
      ],
      'n0nce',
      1,
    );
    expect(out[0]).toMatchObject({ exit: 124 });
    expect(out[1]).toMatchObject({ stdout: 'stubborn\n', exit: 124 });
    expect(out[2]).toMatchObject({ stdout: 'in time\n', exit: 5 });
    // nothing they started is left running (the batch would otherwise have waited 30 s for the lane)
    const left = spawnSync('pgrep', ['-f', '^sleep 30[.]41[78]$'], { encoding: 'utf8' });
    expect(left.stdout).toBe('');
  }, 30_000);

  it('still stops a timed probe when the batch itself is killed (its watchdog outlives the batch)', async () => {
    // a limit long enough that a loaded machine still finds the probe running after the batch is killed
    // a duration no other run on this machine uses (pgrep sees every process of the machine)
    const marker = `30.${process.pid}${Date.now() % 1000}`;
    const script = batchScript([{ id: '0', script: `# curl\nsleep ${marker}`, timeoutSeconds: 6 }], 'n0nce');
    // the transport ends a cut-short command by killing its process group: do the same to the batch
    const batch = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
    const running = () =>
      // anchored: the batch's own `bash -c SCRIPT` has the same words in its command line, and a running()
      // that saw the batch before the probe started made the kill below race the probe's start
      spawnSync('pgrep', ['-f', `^sleep ${marker.replace('.', '[.]')}$`], { encoding: 'utf8' }).stdout !== '';
    await waitFor(running, 'the probe to run', 25_000);
    process.kill(-batch.pid!, 'SIGKILL');
    // the probe has a process group of its own: the group kill did not reach it
    expect(running()).toBe(true);
    await waitFor(() => !running(), 'the probe to end at its own limit', 25_000);
    expect(running()).toBe(false);
  }, 60_000);

  it('marks probes whose output never arrived (a cut-short batch)', () => {
    const out = splitBatch('chom-assess-x:begin:0\npartial', 2, 'x');
    expect(out[0]).toMatchObject({ stdout: 'partial', exit: null });
    expect(out[1]).toMatchObject({ stdout: '', exit: null });
  });

  it('weighs commands that start a runtime, not file or unit names that contain one', () => {
    expect(scriptWeight("grep -E 'Route::' -- /var/www/chom/current/routes/api.php")).toBe(1);
    expect(scriptWeight('cat app/Console/Commands/*.php')).toBe(1);
    expect(scriptWeight("systemctl is-active php8.2-fpm; pgrep -c -f 'php-fpm: pool'")).toBe(9);
    expect(scriptWeight('cd current && php artisan migrate:status')).toBe(9);
    expect(scriptWeight('/usr/bin/curl -s "$url"')).toBe(5);
  });

  it('spreads heavy probes over the lanes first', () => {
    const lanes = laneItems(['cat a', 'psql -c x', 'php artisan', 'ls', 'systemctl show'], 3, scriptWeight);
    expect(lanes.map((lane) => lane.filter((s) => scriptWeight(s) > 1).length)).toEqual([1, 1, 1]);
    expect(lanes.flat().sort()).toEqual(['cat a', 'ls', 'php artisan', 'psql -c x', 'systemctl show']);
  });
});
