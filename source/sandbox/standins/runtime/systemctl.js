// Runtime (plain JavaScript): the `systemctl` stand-in. The reading verbs are in systemctl-query.js (the
// sandbox's stand-in server answers them too), the changing ones in systemctl-jobs.js.
import { parseArgs, queryVerbs, resolveUnits } from './systemctl-args.js';
import { enable, job } from './systemctl-jobs.js';
import { query } from './systemctl-query.js';

export async function systemctl(args, ctx) {
  const parsed = parseArgs(args);
  const units = resolveUnits(ctx, parsed.names);
  if (queryVerbs.has(parsed.verb)) return query(ctx, parsed, units);
  switch (parsed.verb) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload':
    case 'reload-or-restart':
    case 'kill':
      return job(ctx, parsed, units);
    case 'enable':
    case 'disable':
      return enable(ctx, parsed.verb, units);
    case 'daemon-reload':
      return 0;
    default:
      ctx.stderr('Unknown command verb ' + parsed.verb + '.');
      return 1;
  }
}
