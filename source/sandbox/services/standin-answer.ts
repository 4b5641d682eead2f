// What the sandbox's stand-in server (standin-server.ts) answers: the read-only queries of `psql`, `systemctl`
// and `pgrep` php-fpm, computed by the runtime's own functions (runtime/*.js) in this process, so there is one
// implementation of each stand-in and no node start-up per query. Anything that would change the world, read
// stdin or write a file is refused (null): the bin/ wrapper then runs the node stand-in, which does it.
import { pgrep } from '../standins/runtime/tools.js';
import { psql } from '../standins/runtime/psql.js';
import { parseArgs, queryVerbs, resolveUnits } from '../standins/runtime/systemctl-args.js';
import { query } from '../standins/runtime/systemctl-query.js';
import type { HostName } from '../lifecycle/paths.js';

/** The runtime's tool context (runtime/main.js builds the same one for a node stand-in). */
type ToolContext = {
  root: string;
  host: string;
  cwd: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  write: (text: string) => void;
  writeFile: (path: string, text: string) => void;
  readStdin: () => string;
};
type Tool = (args: string[], ctx: ToolContext) => number | null;

/** Thrown by what the server never does (stdin, files): the tool's answer is then not the server's. */
class NotOurs extends Error {}

// the runtime is plain JavaScript: typed here, for this caller
const runPsql = psql as (args: string[], ctx: ToolContext) => number;
const runPgrep = pgrep as (args: string[], ctx: ToolContext) => number;
const parseSystemctl = parseArgs as (args: string[]) => { verb: string; names: string[] };
const unitsOf = resolveUnits as (ctx: ToolContext, names: string[]) => unknown[];
const systemctlQuery = query as (ctx: ToolContext, parsed: unknown, units: unknown[]) => number;

/** The tools the server answers, and when: a null result leaves the call to the node stand-in. */
const tools: Record<string, Tool> = {
  psql: runPsql,
  systemctl: (args, ctx) => {
    const parsed = parseSystemctl(args);
    return queryVerbs.has(parsed.verb) ? systemctlQuery(ctx, parsed, unitsOf(ctx, parsed.names)) : null;
  },
  // the wrapper asks only for php-fpm patterns (the real pgrep answers the rest)
  pgrep: runPgrep,
};

/**
 * `<exit code>\x01<stdout>\x01<stderr>` of `tool args` on the host at `root`, or null when the node stand-in
 * must answer: a tool or verb the server does not answer, stdin or a file needed, output holding \0 or \x01.
 */
export function answerTool(tool: string, args: string[], root: string, host: HostName): string | null {
  const run = Object.hasOwn(tools, tool) ? tools[tool] : undefined;
  if (run === undefined) return null;
  let out = '';
  let err = '';
  let notOurs = false;
  const refuse = (): never => {
    notOurs = true;
    throw new NotOurs('the sandbox stand-in server answers queries only');
  };
  const ctx: ToolContext = {
    root,
    host,
    cwd: root,
    stdout: (line) => (out += `${line}\n`),
    stderr: (line) => (err += `${line}\n`),
    write: (text) => (out += text),
    writeFile: refuse,
    readStdin: refuse,
  };
  // psql catches what `refuse` throws and prints it: `notOurs` tells
  const code = run(args, ctx);
  if (code === null || notOurs || [out, err].some((text) => text.includes('\0') || text.includes('\x01')))
    return null;
  // as a process's exit status (pgrep's -1 for "not a php-fpm pattern" exits 255)
  return `${code & 0xff}\x01${out}\x01${err}`;
}
