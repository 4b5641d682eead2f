// The sandbox's "PostgreSQL server": a loopback port the `psql` stand-in (bash-psql.ts) asks first, as a real
// psql asks its server. It answers from the JSON database with the runtime's own psql (runtime/psql.js), in
// this process: no jq and no node start-up per query (a query costs the stand-in ~3 ms of CPU instead of ~20).
// The port is written to a file outside the hosts' trees (the world hash does not see it); while no sandbox
// runs, the file is gone or names a closed port, and the stand-in answers by itself as before.
//
// Protocol (one query per connection): the client sends its host root, its argument count and its arguments,
// each ended by a NUL byte; the answer is `<exit code>\x01<stdout>\x01<stderr>`, then the connection closes.
// A query for another root (a stale port file naming a port another sandbox took), one that needs stdin, or one
// whose output holds a NUL or \x01, gets no answer (the connection just closes): the stand-in then runs it
// itself.
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { listen } from '../lifecycle/listen.js';
import { psql } from '../standins/runtime/psql.js';

/** The runtime's psql, typed for this caller (the runtime is plain JavaScript). */
type PsqlContext = {
  root: string;
  host: string;
  cwd: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  write: (text: string) => void;
  writeFile: (path: string, text: string) => void;
  readStdin: () => string;
};
const runPsql = psql as (args: string[], ctx: PsqlContext) => number;

/** Bytes one request may have (a runbook query is well under 1 KiB). */
const requestLimit = 64 * 1024;

/** The answer to one request, or null when the stand-in must answer it itself. */
function answerPsql(args: string[], root: string): string | null {
  let out = '';
  let err = '';
  let notOurs = false;
  const refuse = (): never => {
    notOurs = true;
    throw new Error('the sandbox psql server answers -c queries only');
  };
  const ctx: PsqlContext = {
    root,
    host: 'landsraad',
    cwd: root,
    stdout: (line) => (out += `${line}\n`),
    stderr: (line) => (err += `${line}\n`),
    write: (text) => (out += text),
    writeFile: refuse,
    readStdin: refuse,
  };
  // psql catches what `refuse` throws and prints it: `notOurs` tells
  const code = runPsql(args, ctx);
  if (notOurs || [out, err].some((text) => text.includes('\0') || text.includes('\x01'))) return null;
  return `${code}\x01${out}\x01${err}`;
}

/** Parses `root\0count\0arg\0…arg\0`; null while incomplete, 'bad' when it never can be. */
export function parseRequest(buffer: string): { root: string; args: string[] } | null | 'bad' {
  const parts = buffer.split('\0');
  if (parts.length < 3) return parts.length === 1 || /^\d{0,4}$/.test(parts[1]!) ? null : 'bad';
  const [root = '', count = '', ...rest] = parts;
  if (!/^\d{1,4}$/.test(count)) return 'bad';
  const args = rest.slice(0, -1);
  if (args.length < Number(count)) return null;
  return args.length === Number(count) && rest.at(-1) === '' ? { root, args } : 'bad';
}

/** How long a client may take to send its request (the stand-in sends it at once). */
const requestTimeoutMs = 10_000;

function serve(socket: Socket, root: string, answered: () => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.setTimeout(requestTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    const request = buffer.length > requestLimit ? 'bad' : parseRequest(buffer);
    if (request === null) return;
    socket.removeAllListeners('data');
    const answer = request === 'bad' || request.root !== root ? null : safeAnswer(request.args, root);
    if (answer === null) socket.end();
    else {
      answered();
      socket.end(answer);
    }
  });
}

function safeAnswer(args: string[], root: string): string | null {
  try {
    return answerPsql(args, root);
  } catch {
    return null;
  }
}

export type PsqlServer = {
  port: number;
  /** Queries answered so far (tests prove the stand-in asked the server). */
  answered: () => number;
  close: () => Promise<void>;
};

/** Listens on an ephemeral loopback port for the host at `root` and names it in `portFile`. */
export async function startPsqlServer(root: string, portFile: string): Promise<PsqlServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, root, () => (count += 1));
  });
  await listen(server, 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(portFile, `${port}\n`, { mode: 0o644 });
  return {
    port,
    answered: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        // another sandbox process of this home may have named its own port since
        try {
          if (readFileSync(portFile, 'utf8').trim() === String(port)) rmSync(portFile, { force: true });
        } catch {
          // already gone
        }
        server.close(() => resolve());
        // a client that never finishes must not hold the sandbox's stop
        for (const socket of sockets) socket.destroy();
      }),
  };
}
