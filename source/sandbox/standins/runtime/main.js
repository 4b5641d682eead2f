// Runtime (plain JavaScript): entry point of every node stand-in in <root>/bin. Usage (from the bin wrapper):
//   node <world>/lib/main.js <tool> [args…]      with CHOM_SANDBOX_ROOT and CHOM_SANDBOX_HOST set.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pgDump, psql } from './psql.js';
import { systemctl } from './systemctl.js';
import { composer, npm, pgrep, php, redisCli, supervisorctl } from './tools.js';
import { observabilityStandin } from './observability-standin.js';

function context() {
  let stdin = null;
  const physical = process.cwd();
  return {
    root: process.env.CHOM_SANDBOX_ROOT,
    host: process.env.CHOM_SANDBOX_HOST || 'sandbox',
    cwd: physical,
    stdout: (line) => process.stdout.write(line + '\n'),
    stderr: (line) => process.stderr.write(line + '\n'),
    write: (text) => process.stdout.write(text),
    writeFile: (path, text) => writeFileSync(resolve(physical, path), text),
    readStdin: () => {
      if (stdin === null) {
        try {
          stdin = readFileSync(0, 'utf8');
        } catch (_e) {
          stdin = '';
        }
      }
      return stdin;
    },
  };
}

const tools = {
  php,
  composer,
  npm,
  psql,
  pg_dump: pgDump,
  'redis-cli': redisCli,
  supervisorctl,
  pgrep,
  systemctl,
  'prometheus-standin': (args) => observabilityStandin('prometheus', args),
  'alertmanager-standin': (args) => observabilityStandin('alertmanager', args),
};

async function main() {
  const [tool, ...args] = process.argv.slice(2);
  const ctx = context();
  if (!ctx.root) {
    process.stderr.write(
      'chom-console sandbox: CHOM_SANDBOX_ROOT is not set; run this inside a sandbox host shell\n',
    );
    return 2;
  }
  const run = tools[tool];
  if (!run) {
    process.stderr.write('chom-console sandbox: no stand-in named ' + tool + '\n');
    return 127;
  }
  return await run(args, ctx);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      'chom-console sandbox stand-in crashed: ' + (error && error.stack ? error.stack : error) + '\n',
    );
    process.exitCode = 70;
  },
);
