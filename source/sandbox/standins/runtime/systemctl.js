// Runtime (plain JavaScript): the `systemctl` stand-in. Process units are real processes (Prometheus,
// Alertmanager, or their stand-ins); simulated units keep a state file. Neither prometheus nor alertmanager
// has ExecReload, as in production: `systemctl reload` fails for them, `kill -s HUP` works.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  alive,
  appendLog,
  clearPid,
  writeRuntime,
  journalStamp,
  listUnits,
  logFile,
  markStarted,
  readPid,
  readState,
  readUnit,
  splitCommand,
  status,
  unitName,
  writeState,
} from './units.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

async function startUnit(ctx, unit) {
  const now = status(ctx.root, unit);
  if (now.state === 'active') return 0;
  const saved = readState(ctx.root, unit.name);
  if (unit.kind !== 'process') {
    writeState(ctx.root, unit.name, {
      ...saved,
      active: true,
      since: new Date().toISOString(),
      result: 'success',
    });
    appendLog(
      ctx.root,
      unit.name,
      journalStamp() + ' ' + ctx.host + ' systemd[1]: Started ' + unit.description + '.',
    );
    return 0;
  }
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
  const failedToSpawn = await new Promise((resolve) => {
    child.once('error', (error) => resolve(error));
    child.once('spawn', () => resolve(null));
  });
  if (failedToSpawn) {
    writeRuntime(ctx.root, unit.name, { since: new Date().toISOString(), result: 'failed' });
    ctx.stderr('Job for ' + unit.name + '.service failed: ' + failedToSpawn.message);
    return 1;
  }
  child.unref();
  markStarted(ctx.root, unit.name, child.pid);
  const ready = await waitReady(unit, child.pid);
  if (!ready) {
    if (alive(child.pid)) process.kill(child.pid, 'SIGKILL');
    clearPid(ctx.root, unit.name);
    writeRuntime(ctx.root, unit.name, { since: new Date().toISOString(), result: 'failed' });
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
  writeRuntime(ctx.root, unit.name, { since: new Date().toISOString(), result: 'success' });
  return 0;
}

async function stopUnit(ctx, unit) {
  const saved = readState(ctx.root, unit.name);
  if (unit.kind !== 'process') {
    writeState(ctx.root, unit.name, {
      ...saved,
      active: false,
      since: new Date().toISOString(),
      result: 'success',
    });
    appendLog(
      ctx.root,
      unit.name,
      journalStamp() + ' ' + ctx.host + ' systemd[1]: Stopped ' + unit.description + '.',
    );
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
  writeRuntime(ctx.root, unit.name, { since: new Date().toISOString(), result: 'success' });
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
  appendLog(
    ctx.root,
    unit.name,
    journalStamp() + ' ' + ctx.host + ' systemd[1]: ' + unit.name + '.service: received ' + name + '.',
  );
  return 0;
}

function relative(iso) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return seconds + 's ago';
  if (seconds < 3600) return Math.floor(seconds / 60) + 'min ago';
  if (seconds < 86400) return Math.floor(seconds / 3600) + 'h ago';
  return Math.floor(seconds / 86400) + ' days ago';
}

function longDate(iso) {
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return days[d.getUTCDay()] + ' ' + d.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

function printStatus(ctx, unit) {
  const now = status(ctx.root, unit);
  const active =
    now.state === 'active'
      ? 'active (running) since ' + longDate(now.since) + '; ' + relative(now.since)
      : now.state === 'failed'
        ? 'failed (Result: exit-code) since ' +
          longDate(now.since || new Date().toISOString()) +
          '; ' +
          relative(now.since)
        : 'inactive (dead)' + (now.since ? ' since ' + longDate(now.since) + '; ' + relative(now.since) : '');
  const dot = now.state === 'active' ? '●' : now.state === 'failed' ? '×' : '○';
  const lines = [
    dot + ' ' + unit.name + '.service - ' + unit.description,
    '     Loaded: loaded (' +
      unit.file.slice(ctx.root.length) +
      '; ' +
      (now.enabled ? 'enabled' : 'disabled') +
      '; preset: enabled)',
    '     Active: ' + active,
  ];
  if (now.state === 'active') {
    const workers = Number(unit.extra.Workers || 0);
    const pid = now.pid || Number(unit.extra.Pid || 0);
    lines.push('   Main PID: ' + pid + ' (' + (unit.extra.Process || unit.name) + ')');
    if (unit.extra.Status) lines.push('     Status: "' + unit.extra.Status + '"');
    lines.push('      Tasks: ' + (workers + 1) + ' (limit: 4620)');
    lines.push('     CGroup: /system.slice/' + unit.name + '.service');
    if (workers > 0) {
      lines.push('             ├─' + pid + ' "' + (unit.extra.MasterTitle || unit.name) + '"');
      for (let i = 1; i <= workers; i += 1) {
        lines.push(
          '             ' +
            (i === workers ? '└─' : '├─') +
            (pid + i) +
            ' "' +
            (unit.extra.WorkerTitle || unit.name) +
            '"',
        );
      }
    } else lines.push('             └─' + pid + ' ' + (unit.execStart || unit.name).slice(0, 120));
  }
  const log = logFile(ctx.root, unit.name);
  if (existsSync(log)) {
    const tail = readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(-10);
    if (tail.length) lines.push('', ...tail);
  }
  ctx.stdout(lines.join('\n'));
  return now.state;
}

function resolveUnits(ctx, names) {
  const units = [];
  for (const arg of names) {
    const unit = readUnit(ctx.root, unitName(arg));
    units.push(unit || { name: unitName(arg), missing: true });
  }
  return units;
}

export async function systemctl(args, ctx) {
  const quiet = args.includes('-q') || args.includes('--quiet');
  const words = [];
  let signal = 'SIGTERM';
  let value = false;
  let properties = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    if (a === '-s' || a === '--signal') signal = args[++i];
    else if (a.startsWith('--signal=')) signal = a.slice(9);
    else if (a === '-p' || a === '--property') properties.push(...args[++i].split(','));
    else if (a.startsWith('--property=')) properties.push(...a.slice(11).split(','));
    else if (a === '--value') value = true;
    else if (a.startsWith('-')) continue;
    else words.push(a);
  }
  const verb = words.shift() || 'list-units';
  const units = resolveUnits(ctx, words);
  const missing = units.find((u) => u.missing);
  switch (verb) {
    case 'is-active': {
      let code = 0;
      for (const unit of units) {
        const state = unit.missing ? 'inactive' : status(ctx.root, unit).state;
        if (!quiet) ctx.stdout(state);
        if (state !== 'active') code = 3;
      }
      return code;
    }
    case 'is-failed': {
      let code = 1;
      for (const unit of units) {
        const state = unit.missing ? 'inactive' : status(ctx.root, unit).state;
        if (!quiet) ctx.stdout(state);
        if (state === 'failed') code = 0;
      }
      return code;
    }
    case 'is-enabled': {
      if (missing) {
        ctx.stderr(
          'Failed to get unit file state for ' + missing.name + '.service: No such file or directory',
        );
        return 1;
      }
      let code = 0;
      for (const unit of units) {
        const enabled = status(ctx.root, unit).enabled;
        if (!quiet) ctx.stdout(enabled ? 'enabled' : 'disabled');
        if (!enabled) code = 1;
      }
      return code;
    }
    case 'status': {
      const list = units.length ? units : listUnits(ctx.root).map((n) => readUnit(ctx.root, n));
      let code = 0;
      list.forEach((unit, index) => {
        if (index > 0) ctx.stdout('');
        if (unit.missing) {
          ctx.stderr('Unit ' + unit.name + '.service could not be found.');
          code = 4;
          return;
        }
        if (printStatus(ctx, unit) !== 'active' && code === 0) code = 3;
      });
      return code;
    }
    case 'show': {
      let code = 0;
      let shown = 0;
      for (const unit of units) {
        if (unit.missing) {
          code = 1;
          continue;
        }
        // systemd separates units with a blank line
        if (shown++ > 0) ctx.stdout('');
        const now = status(ctx.root, unit);
        const all = {
          Id: unit.name + '.service',
          Description: unit.description,
          ActiveState: now.state,
          SubState: now.state === 'active' ? 'running' : now.state === 'failed' ? 'failed' : 'dead',
          MainPID: String(now.pid || 0),
          ActiveEnterTimestamp: now.state === 'active' && now.since ? longDate(now.since) : '',
          UnitFileState: now.enabled ? 'enabled' : 'disabled',
          CanReload: unit.execReload ? 'yes' : 'no',
        };
        const keys = properties.length ? properties : Object.keys(all);
        for (const key of keys) ctx.stdout(value ? (all[key] ?? '') : key + '=' + (all[key] ?? ''));
      }
      return code;
    }
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload':
    case 'reload-or-restart':
    case 'kill': {
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
        let result;
        if (verb === 'restart' || verb === 'try-restart' || verb === 'reload-or-restart') {
          if (verb === 'try-restart' && status(ctx.root, unit).state !== 'active') continue;
          await stopUnit(ctx, unit);
          result = await startUnit(ctx, unit);
        } else if (verb === 'reload') {
          if (!unit.execReload) {
            ctx.stderr(
              'Failed to reload ' +
                unit.name +
                '.service: Job type reload is not applicable for unit ' +
                unit.name +
                '.service.',
            );
            result = 1;
          } else if (status(ctx.root, unit).state !== 'active') {
            ctx.stderr(unit.name + '.service is not active, cannot reload.');
            result = 1;
          } else {
            result = signalUnit(ctx, unit, 'HUP');
            appendLog(
              ctx.root,
              unit.name,
              journalStamp() + ' ' + ctx.host + ' systemd[1]: Reloaded ' + unit.description + '.',
            );
          }
        } else result = signalUnit(ctx, unit, signal);
        if (result !== 0) code = result;
      }
      return code;
    }
    case 'enable':
    case 'disable': {
      for (const unit of units) {
        if (unit.missing) continue;
        writeState(ctx.root, unit.name, { ...readState(ctx.root, unit.name), enabled: verb === 'enable' });
      }
      return missing ? 1 : 0;
    }
    case 'daemon-reload':
      return 0;
    case 'list-units':
    case 'list-unit-files': {
      for (const name of listUnits(ctx.root)) {
        const unit = readUnit(ctx.root, name);
        const now = status(ctx.root, unit);
        if (verb === 'list-unit-files') {
          ctx.stdout((name + '.service').padEnd(32) + (now.enabled ? 'enabled' : 'disabled'));
          continue;
        }
        const sub = now.state === 'active' ? 'running' : now.state === 'failed' ? 'failed' : 'dead';
        ctx.stdout(
          '  ' +
            (name + '.service').padEnd(32) +
            ' loaded ' +
            now.state.padEnd(8) +
            ' ' +
            sub.padEnd(7) +
            ' ' +
            unit.description,
        );
      }
      return 0;
    }
    default:
      ctx.stderr('Unknown command verb ' + verb + '.');
      return 1;
  }
}
