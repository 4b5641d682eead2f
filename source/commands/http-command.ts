// An HTTP request made FROM a host with curl. Prints the status code on the first line, then the body.
// Headers travel on stdin (`-H @-`): a token in a header must never reach argv.
import { quote } from '../lib/shell-quote.js';
import type { RemoteCommand } from './remote-command.js';

export type HttpFromHostArgs = {
  host: string;
  url: string;
  method: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  followRedirects?: boolean;
  timeoutSeconds?: number;
};

export function buildHttpFromHost(args: HttpFromHostArgs): RemoteCommand {
  const headers = Object.entries(args.headers ?? {});
  const flags = [
    '-sS',
    args.method === 'HEAD' ? '-I' : `-X ${args.method}`,
    ...(args.followRedirects ? ['-L'] : []),
    ...(args.timeoutSeconds !== undefined ? [`--max-time ${Math.ceil(args.timeoutSeconds)}`] : []),
    ...(headers.length > 0 ? ['-H @-'] : []),
  ].join(' ');
  const script = [
    'body=$(mktemp) || exit 1',
    `trap 'rm -f -- "$body"' EXIT`,
    'rc=0',
    `status=$(curl ${flags} -o "$body" -w '%{http_code}' -- ${quote(args.url)}) || rc=$?`,
    `printf '%s\\n' "$status"`,
    'cat -- "$body"',
    'exit $rc',
  ].join('\n');
  return {
    host: args.host,
    script,
    ...(headers.length > 0 ? { stdin: headers.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n' } : {}),
    sensitive: headers.length > 0,
    description: `${args.method} ${args.url} from ${args.host}`,
    ...(args.timeoutSeconds !== undefined ? { timeoutMs: (args.timeoutSeconds + 5) * 1000 } : {}),
  };
}

/** Splits the output of buildHttpFromHost into status and body. */
export function parseHttpOutput(stdout: string): { status: number; body: string } {
  const newline = stdout.indexOf('\n');
  const first = newline === -1 ? stdout : stdout.slice(0, newline);
  return {
    status: Number.parseInt(first.trim(), 10) || 0,
    body: newline === -1 ? '' : stdout.slice(newline + 1),
  };
}
