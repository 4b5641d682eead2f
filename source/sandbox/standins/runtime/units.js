// Runtime (plain JavaScript, copied into <world>/lib): the sandbox's systemd units. A unit file under
// <root>/etc/systemd/system/NAME.service either runs a real process (X-Sandbox-Kind=process: spawned detached,
// pid in <root>/run) or is simulated (X-Sandbox-Kind=simulated: state in <root>/var/lib/sandbox-systemd).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function unitName(arg) {
  return String(arg).replace(/\.service$/, '');
}

export function unitFile(root, name) {
  return join(root, 'etc/systemd/system', name + '.service');
}

export function listUnits(root) {
  const dir = join(root, 'etc/systemd/system');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.service'))
    .map((f) => f.slice(0, -'.service'.length))
    .sort();
}

/** Parses the keys the sandbox uses; continuation lines (`\`) are joined. */
export function readUnit(root, name) {
  const file = unitFile(root, name);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').replace(/\\\n\s*/g, ' ');
  const unit = {
    name,
    file,
    description: name,
    kind: 'simulated',
    execStart: '',
    execReload: '',
    ready: '',
    pidName: name,
    extra: {},
  };
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z-]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match;
    if (key === 'Description') unit.description = value;
    else if (key === 'ExecStart') unit.execStart = value.trim();
    else if (key === 'ExecReload') unit.execReload = value.trim();
    else if (key === 'X-Sandbox-Kind') unit.kind = value.trim();
    else if (key === 'X-Sandbox-Ready') unit.ready = value.trim();
    else if (key.startsWith('X-Sandbox-')) unit.extra[key.slice('X-Sandbox-'.length)] = value.trim();
  }
  return unit;
}

function stateFile(root, name) {
  return join(root, 'var/lib/sandbox-systemd', name + '.json');
}
export function pidFile(root, name) {
  return join(root, 'run', name + '.pid');
}
function sinceFile(root, name) {
  return join(root, 'run', name + '.since');
}
export function logFile(root, name) {
  return join(root, 'var/log/journal', name + '.log');
}

/** Persistent part of a unit's state: enabled, and for simulated units active/since. */
export function readState(root, name) {
  const file = stateFile(root, name);
  if (!existsSync(file)) return { enabled: true, active: false, since: null, result: 'success' };
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function writeState(root, name, state) {
  mkdirSync(join(root, 'var/lib/sandbox-systemd'), { recursive: true });
  writeFileSync(stateFile(root, name), JSON.stringify(state, null, 2) + '\n');
}

export function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export function readPid(root, name) {
  const file = pidFile(root, name);
  if (!existsSync(file)) return 0;
  return Number.parseInt(readFileSync(file, 'utf8'), 10) || 0;
}

/** Runtime state of a process unit (since, result): under <root>/run, outside the world hash. */
export function readRuntime(root, name) {
  const file = join(root, 'run', name + '.state.json');
  if (!existsSync(file)) return { since: null, result: 'success' };
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function writeRuntime(root, name, runtime) {
  mkdirSync(join(root, 'run'), { recursive: true });
  writeFileSync(join(root, 'run', name + '.state.json'), JSON.stringify(runtime) + '\n');
}

/** { state: active|inactive|failed, since, pid } as `systemctl` reports it now. */
export function status(root, unit) {
  const saved = readState(root, unit.name);
  if (unit.kind === 'process') {
    const pid = readPid(root, unit.name);
    const since = existsSync(sinceFile(root, unit.name))
      ? readFileSync(sinceFile(root, unit.name), 'utf8').trim()
      : saved.since;
    if (pid && alive(pid)) return { state: 'active', since, pid, enabled: saved.enabled };
    const runtime = readRuntime(root, unit.name);
    return {
      state: runtime.result === 'failed' ? 'failed' : 'inactive',
      since: runtime.since || saved.since,
      pid: 0,
      enabled: saved.enabled,
    };
  }
  return {
    state: saved.active ? 'active' : saved.result === 'failed' ? 'failed' : 'inactive',
    since: saved.since,
    pid: saved.pid || 0,
    enabled: saved.enabled,
  };
}

export function markStarted(root, name, pid) {
  mkdirSync(join(root, 'run'), { recursive: true });
  writeFileSync(pidFile(root, name), String(pid) + '\n');
  writeFileSync(sinceFile(root, name), new Date().toISOString() + '\n');
}

export function clearPid(root, name) {
  rmSync(pidFile(root, name), { force: true });
  rmSync(sinceFile(root, name), { force: true });
}

/** Splits an ExecStart line into argv (double and single quotes understood, no expansions). */
export function splitCommand(line) {
  const words = [];
  let current = '';
  let quote = '';
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = '';
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || current) words.push(current);
      current = '';
      has = false;
    } else current += ch;
  }
  if (has || current) words.push(current);
  return words;
}

export function appendLog(root, name, line) {
  mkdirSync(join(root, 'var/log/journal'), { recursive: true });
  writeFileSync(logFile(root, name), line + '\n', { flag: 'a' });
}

export function journalStamp(date) {
  const d = date || new Date();
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n) => String(n).padStart(2, '0');
  return (
    months[d.getUTCMonth()] +
    ' ' +
    pad(d.getUTCDate()) +
    ' ' +
    pad(d.getUTCHours()) +
    ':' +
    pad(d.getUTCMinutes()) +
    ':' +
    pad(d.getUTCSeconds())
  );
}
