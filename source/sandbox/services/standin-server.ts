// The sandbox's stand-in server: a loopback port the `psql`, `systemctl` and `pgrep` wrappers of the hosts'
// bin/ (standins/bash-standins.ts) ask first, as a real psql asks its server. It answers their read-only
// queries with the runtime's own functions in this process (standin-answer.ts): one implementation of each
// stand-in, and no node start-up per query (every assessment runs a dozen of them). The port is written to a
// file outside the hosts' trees (the world hash does not see it); while no sandbox runs, the file is gone or
// names a closed port, and each wrapper runs its node stand-in.
//
// Protocol (one query per connection): the client sends its host root, the tool, its argument count and its
// arguments, each ended by a NUL byte; the answer is `<exit code>\x01<stdout>\x01<stderr>`, then the
// connection closes. A query for another root (a stale port file naming a port another sandbox took), or one
// the server does not answer (standin-answer.ts), gets no answer (the connection just closes): the wrapper
// then runs the node stand-in.
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { listen } from '../lifecycle/listen.js';
import type { HostName } from '../lifecycle/paths.js';
import { answerTool } from './standin-answer.js';

/** Bytes one request may have (a runbook query is well under 1 KiB). */
const requestLimit = 64 * 1024;

export type StandinRequest = { root: string; tool: string; args: string[] };

/** Parses `root\0tool\0count\0arg\0…arg\0`; null while incomplete, 'bad' when it never can be. */
export function parseRequest(buffer: string): StandinRequest | null | 'bad' {
  const parts = buffer.split('\0');
  const complete = parts.slice(0, -1);
  // root and tool are any text; the count must be digits from its first byte on
  if (complete.length < 3) return complete.length < 2 || /^\d{0,4}$/.test(parts[2]!) ? null : 'bad';
  const [root = '', tool = '', count = '', ...args] = complete;
  if (!/^\d{1,4}$/.test(count)) return 'bad';
  if (args.length < Number(count)) return null;
  return args.length === Number(count) && parts.at(-1) === '' ? { root, tool, args } : 'bad';
}

/** How long a client may take to send its request (the wrappers send it at once). */
const requestTimeoutMs = 10_000;

function serve(socket: Socket, answer: (request: StandinRequest) => string | null): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.setTimeout(requestTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    const request = buffer.length > requestLimit ? 'bad' : parseRequest(buffer);
    if (request === null) return;
    socket.removeAllListeners('data');
    const text = request === 'bad' ? null : answer(request);
    if (text === null) socket.end();
    else socket.end(text);
  });
}

export type StandinServer = {
  port: number;
  /** Queries answered so far, per tool (tests prove a wrapper asked the server). */
  answered: (tool?: string) => number;
  close: () => Promise<void>;
};

/** Listens on an ephemeral loopback port for the hosts at `roots` and names it in `portFile`. */
export async function startStandinServer(
  roots: Partial<Record<HostName, string>>,
  portFile: string,
): Promise<StandinServer> {
  const hostOf = new Map(Object.entries(roots).map(([host, root]) => [root, host as HostName]));
  const counts = new Map<string, number>();
  const answer = ({ root, tool, args }: StandinRequest): string | null => {
    const host = hostOf.get(root);
    let text: string | null = null;
    try {
      text = host === undefined ? null : answerTool(tool, args, root, host);
    } catch {
      // the node stand-in answers (and shows) what went wrong
    }
    if (text !== null) counts.set(tool, (counts.get(tool) ?? 0) + 1);
    return text;
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, answer);
  });
  await listen(server, 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(portFile, `${port}\n`, { mode: 0o644 });
  return {
    port,
    answered: (tool) =>
      tool === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(tool) ?? 0),
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
