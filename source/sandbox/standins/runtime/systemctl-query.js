// Runtime (plain JavaScript): the verbs of the `systemctl` stand-in that only read (is-active, is-failed,
// is-enabled, status, show, list-units, list-unit-files). They run in the node stand-in and, for the
// assessment's speed, in the sandbox's stand-in server (services/standin-server.ts): one implementation.
import { existsSync, readFileSync } from 'node:fs';
import { listUnits, logFile, readUnit, status } from './units.js';

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

const subState = (state) => (state === 'active' ? 'running' : state === 'failed' ? 'failed' : 'dead');

function activeLine(now) {
  if (now.state === 'active')
    return 'active (running) since ' + longDate(now.since) + '; ' + relative(now.since);
  if (now.state === 'failed')
    return (
      'failed (Result: exit-code) since ' +
      longDate(now.since || new Date().toISOString()) +
      '; ' +
      relative(now.since)
    );
  return 'inactive (dead)' + (now.since ? ' since ' + longDate(now.since) + '; ' + relative(now.since) : '');
}

/** Main PID, tasks and the cgroup's processes of an active unit. */
function processLines(unit, now) {
  const lines = [];
  const workers = Number(unit.extra.Workers || 0);
  const pid = now.pid || Number(unit.extra.Pid || 0);
  lines.push('   Main PID: ' + pid + ' (' + (unit.extra.Process || unit.name) + ')');
  if (unit.extra.Status) lines.push('     Status: "' + unit.extra.Status + '"');
  lines.push('      Tasks: ' + (workers + 1) + ' (limit: 4620)');
  lines.push('     CGroup: /system.slice/' + unit.name + '.service');
  if (workers === 0) {
    lines.push('             └─' + pid + ' ' + (unit.execStart || unit.name).slice(0, 120));
    return lines;
  }
  lines.push('             ├─' + pid + ' "' + (unit.extra.MasterTitle || unit.name) + '"');
  for (let i = 1; i <= workers; i += 1) {
    const branch = i === workers ? '└─' : '├─';
    lines.push('             ' + branch + (pid + i) + ' "' + (unit.extra.WorkerTitle || unit.name) + '"');
  }
  return lines;
}

function printStatus(ctx, unit) {
  const now = status(ctx.root, unit);
  const dot = now.state === 'active' ? '●' : now.state === 'failed' ? '×' : '○';
  const lines = [
    dot + ' ' + unit.name + '.service - ' + unit.description,
    '     Loaded: loaded (' +
      unit.file.slice(ctx.root.length) +
      '; ' +
      (now.enabled ? 'enabled' : 'disabled') +
      '; preset: enabled)',
    '     Active: ' + activeLine(now),
  ];
  if (now.state === 'active') lines.push(...processLines(unit, now));
  const log = logFile(ctx.root, unit.name);
  if (existsSync(log)) {
    const tail = readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(-10);
    if (tail.length) lines.push('', ...tail);
  }
  ctx.stdout(lines.join('\n'));
  return now.state;
}

function isActive(ctx, units, quiet) {
  let code = 0;
  for (const unit of units) {
    const state = unit.missing ? 'inactive' : status(ctx.root, unit).state;
    if (!quiet) ctx.stdout(state);
    if (state !== 'active') code = 3;
  }
  return code;
}

function isFailed(ctx, units, quiet) {
  let code = 1;
  for (const unit of units) {
    const state = unit.missing ? 'inactive' : status(ctx.root, unit).state;
    if (!quiet) ctx.stdout(state);
    if (state === 'failed') code = 0;
  }
  return code;
}

function isEnabled(ctx, units, quiet) {
  const missing = units.find((u) => u.missing);
  if (missing) {
    ctx.stderr('Failed to get unit file state for ' + missing.name + '.service: No such file or directory');
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

function statusVerb(ctx, units) {
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

function show(ctx, units, { properties, value }) {
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
      SubState: subState(now.state),
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

function listVerb(ctx, verb) {
  for (const name of listUnits(ctx.root)) {
    const unit = readUnit(ctx.root, name);
    const now = status(ctx.root, unit);
    if (verb === 'list-unit-files') {
      ctx.stdout((name + '.service').padEnd(32) + (now.enabled ? 'enabled' : 'disabled'));
      continue;
    }
    const columns = [
      (name + '.service').padEnd(32),
      'loaded',
      now.state.padEnd(8),
      subState(now.state).padEnd(7),
    ];
    ctx.stdout('  ' + columns.join(' ') + ' ' + unit.description);
  }
  return 0;
}

/** The exit code of a reading verb (parsed by systemctl-args.js), its output written to ctx. */
export function query(ctx, parsed, units) {
  switch (parsed.verb) {
    case 'is-active':
      return isActive(ctx, units, parsed.quiet);
    case 'is-failed':
      return isFailed(ctx, units, parsed.quiet);
    case 'is-enabled':
      return isEnabled(ctx, units, parsed.quiet);
    case 'status':
      return statusVerb(ctx, units);
    case 'show':
      return show(ctx, units, parsed);
    default:
      return listVerb(ctx, parsed.verb);
  }
}
