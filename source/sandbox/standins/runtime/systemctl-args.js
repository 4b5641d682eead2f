// Runtime (plain JavaScript): the `systemctl` stand-in's command line, and which verbs only read. The sandbox's
// stand-in server (services/standin-server.ts) answers the reading verbs in its own process; the rest runs in
// the node stand-in (a start spawns and waits, a stop signals), never in the server.
import { readUnit, unitName } from './units.js';

/** Verbs that change nothing: the stand-in server may answer them. */
export const queryVerbs = new Set([
  'is-active',
  'is-failed',
  'is-enabled',
  'status',
  'show',
  'list-units',
  'list-unit-files',
]);

/** { verb, names, quiet, signal, value, properties } of systemctl's arguments (no verb: list-units). */
export function parseArgs(args) {
  const parsed = {
    verb: '',
    quiet: args.includes('-q') || args.includes('--quiet'),
    names: [],
    signal: 'SIGTERM',
    value: false,
    properties: [],
  };
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    if (a === '-s' || a === '--signal') parsed.signal = args[++i];
    else if (a.startsWith('--signal=')) parsed.signal = a.slice(9);
    else if (a === '-p' || a === '--property') parsed.properties.push(...args[++i].split(','));
    else if (a.startsWith('--property=')) parsed.properties.push(...a.slice(11).split(','));
    else if (a === '--value') parsed.value = true;
    else if (a.startsWith('-')) continue;
    else parsed.names.push(a);
  }
  parsed.verb = parsed.names.shift() || 'list-units';
  return parsed;
}

/** The units named on the command line; one that has no unit file is `{ name, missing: true }`. */
export function resolveUnits(ctx, names) {
  return names.map((arg) => readUnit(ctx.root, unitName(arg)) || { name: unitName(arg), missing: true });
}
