// Runtime (plain JavaScript): the verbs of the `systemctl` stand-in that change a unit (start, stop, restart,
// try-restart, reload, reload-or-restart, kill, enable, disable). Process units are real processes
// (Prometheus, Alertmanager, or their stand-ins); simulated units keep a state file. Neither prometheus nor
// alertmanager has ExecReload, as in production: `systemctl reload` fails for them, `kill -s HUP` works.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  alive,
  appendLog,
  clearPid,
  journalStamp,
  logFile,
  markStarted,
  readPid,
  readState,
  splitCommand,
  status,
  writeRuntime,
  writeState,
} from './units.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => new Date().toISOString();
const journal = (ctx, unit, text) =>
  appendLog(ctx.root, unit.name, journalStamp() + ' ' + ctx.host + ' systemd[1]: ' + text);

async function waitReady(unit, pid) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (!alive(pid)) return false;
    if (!unit.ready) return true;
    try {
      const response = await fetch(unit.ready);
      if (response.ok) return true;
    } catch (_error) {
      // not answering yet: poll again
    }
    await sleep(40);
  }
  return false;
}

/** Spawns a process unit's ExecStart detached, its output in the unit's journal; the error if it could not. */
async function spawnUnit(ctx, unit) {
  const argv = splitCommand(unit.execStart);
  mkdirSync(dirname(logFile(ctx.root, unit.name)), { recursive: true });
  const log = openSync(logFile(ctx.root, unit.name), 'a');
  const child = spawn(argv[0], argv.slice(1), {
    cwd: ctx.root,
    detached: true,
    stdio: ['ignore', log, log],
    env: process.env,
  });
  closeSync(log);
  const failed = await new Promise((resolve) => {
    child.once('error', (error) => resolve(error));
    child.once('spawn', () => resolve(null));
  });
  return { child, failed };
}

async function startUnit(ctx, unit) {
  if (status(ctx.root, unit).state === 'active') return 0;
  if (unit.kind !== 'process') {
    writeState(ctx.root, unit.name, {
      ...readState(ctx.root, unit.name),
      active: true,
      since: now(),
      result: 'success',
    });
    journal(ctx, unit, 'Started ' + unit.description + '.');
    return 0;
  }
  const { child, failed } = await spawnUnit(ctx, unit);
  if (failed) {
    writeRuntime(ctx.root, unit.name, { since: now(), result: 'failed' });
    ctx.stderr('Job for ' + unit.name + '.service failed: ' + failed.message);
    return 1;
  }
  child.unref();
  markStarted(ctx.root, unit.name, child.pid);
  if (!(await waitReady(unit, child.pid))) {
    if (alive(child.pid)) process.kill(child.pid, 'SIGKILL');
    clearPid(ctx.root, unit.name);
    writeRuntime(ctx.root, unit.name, { since: now(), result: 'failed' });
    ctx.stderr(
      'Job for ' + unit.name + '.service failed because the control process exited with error code.',
    );
    ctx.stderr(
      'See "systemctl status ' +
        unit.name +
        '.service" and "journalctl -xeu ' +
        unit.name +
        '.service" for details.',
    );
    return 1;
  }
  writeRuntime(ctx.root, unit.name, { since: now(), result: 'success' });
  return 0;
}

async function stopUnit(ctx, unit) {
  if (unit.kind !== 'process') {
    writeState(ctx.root, unit.name, {
      ...readState(ctx.root, unit.name),
      active: false,
      since: now(),
      result: 'success',
    });
    journal(ctx, unit, 'Stopped ' + unit.description + '.');
    return 0;
  }
  const pid = readPid(ctx.root, unit.name);
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 10000;
    while (alive(pid) && Date.now() < deadline) await sleep(20);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  clearPid(ctx.root, unit.name);
  writeRuntime(ctx.root, unit.name, { since: now(), result: 'success' });
  return 0;
}

function signalUnit(ctx, unit, signal) {
  const name = signal.startsWith('SIG') ? signal : 'SIG' + signal;
  if (unit.kind === 'process') {
    const pid = readPid(ctx.root, unit.name);
    if (!pid || !alive(pid)) {
      ctx.stderr('Failed to kill unit ' + unit.name + '.service: No main PID');
      return 1;
    }
    process.kill(pid, name);
    return 0;
  }
  journal(ctx, unit, unit.name + '.service: received ' + name + '.');
  return 0;
}

function reloadUnit(ctx, unit) {
  if (!unit.execReload) {
    ctx.stderr(
      'Failed to reload ' +
        unit.name +
        '.service: Job type reload is not applicable for unit ' +
        unit.name +
        '.service.',
    );
    return 1;
  }
  if (status(ctx.root, unit).state !== 'active') {
    ctx.stderr(unit.name + '.service is not active, cannot reload.');
    return 1;
  }
  const result = signalUnit(ctx, unit, 'HUP');
  journal(ctx, unit, 'Reloaded ' + unit.description + '.');
  return result;
}

/** One unit of restart, try-restart, reload-or-restart, reload or kill; null: skipped. */
async function oneJob(ctx, verb, unit, signal) {
  if (verb === 'restart' || verb === 'try-restart' || verb === 'reload-or-restart') {
    if (verb === 'try-restart' && status(ctx.root, unit).state !== 'active') return null;
    await stopUnit(ctx, unit);
    return startUnit(ctx, unit);
  }
  if (verb === 'reload') return reloadUnit(ctx, unit);
  return signalUnit(ctx, unit, signal);
}

/** start, stop, restart, try-restart, reload, reload-or-restart and kill of the named units. */
export async function job(ctx, parsed, units) {
  const { verb } = parsed;
  const missing = units.find((u) => u.missing);
  if (missing) {
    ctx.stderr(
      'Failed to ' + verb + ' ' + missing.name + '.service: Unit ' + missing.name + '.service not found.',
    );
    return 5;
  }
  if (verb === 'start' || verb === 'stop') {
    // Units start and stop concurrently, as systemd runs independent jobs in parallel.
    const results = await Promise.all(
      units.map((unit) => (verb === 'start' ? startUnit(ctx, unit) : stopUnit(ctx, unit))),
    );
    return results.find((r) => r !== 0) || 0;
  }
  let code = 0;
  for (const unit of units) {
    const result = await oneJob(ctx, verb, unit, parsed.signal);
    if (result !== null && result !== 0) code = result;
  }
  return code;
}

/** enable / disable: the units' persistent state; 1 when one of them has no unit file. */
export function enable(ctx, verb, units) {
  for (const unit of units) {
    if (unit.missing) continue;
    writeState(ctx.root, unit.name, { ...readState(ctx.root, unit.name), enabled: verb === 'enable' });
  }
  return units.some((u) => u.missing) ? 1 : 0;
}
