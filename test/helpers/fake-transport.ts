// Transports for engine tests and benchmarks: a scripted fake (responses by regex, records every command
// and its stdin, can lose the connection) and a local bash transport (real shell, real files).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  TransportError,
  type ConnectionInfo,
  type ExecRequest,
  type ExecResult,
  type Transport,
  type UploadRequest,
  type UploadResult,
} from '../../source/transport/transport.js';

/** A scripted answer; `hang` waits until the request's signal aborts. */
export type FakeReply = {
  stdout?: string;
  stderr?: string;
  code?: number | null;
  signal?: string | null;
  hang?: boolean;
  /** The connection drops while this command runs. */
  loseConnection?: boolean;
};
export type FakeResponder =
  FakeReply | ((request: ExecRequest, index: number) => FakeReply | Promise<FakeReply>);

type Rule = { pattern: RegExp; reply: FakeResponder; times: number };

/** One recorded command. */
export type Recorded = { command: string; stdin: string | undefined };

const info = (host: string): ConnectionInfo => ({
  host,
  address: '127.0.0.1',
  port: 22,
  user: 'deploy',
  fingerprint: 'SHA256:fake',
  trust: 'embedded',
  serverVersion: 'fake',
  connectMs: 0,
});

function splitLines(text: string, each: ((line: string) => void) | undefined): void {
  if (!each || text === '') return;
  const lines = text.replace(/\n$/, '').split('\n');
  for (const line of lines) each(line);
}

export class FakeTransport implements Transport {
  readonly commands: Recorded[] = [];
  readonly uploads: { remotePath: string; data: Buffer; mode: number }[] = [];
  /** Files served by download() and written by upload(). */
  readonly files = new Map<string, Buffer>();
  private readonly rules: Rule[] = [];
  private state: ReturnType<Transport['status']> = 'idle';

  constructor(readonly host: string) {}

  /** Adds a response for commands matching `pattern` (later rules win; `times` limits how often it applies). */
  on(pattern: RegExp, reply: FakeResponder, times = Number.POSITIVE_INFINITY): this {
    this.rules.unshift({ pattern, reply, times });
    return this;
  }

  /** Every recorded command that matches. */
  ran(pattern: RegExp): Recorded[] {
    return this.commands.filter((c) => pattern.test(c.command));
  }

  async connect(): Promise<ConnectionInfo> {
    if (this.state === 'lost') throw new TransportError('unreachable', `${this.host}: connection refused`);
    this.state = 'connected';
    return info(this.host);
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    if (this.state === 'lost') throw new TransportError('connection-lost', `${this.host}: connection lost`);
    if (request.signal?.aborted) throw new TransportError('aborted', 'aborted');
    const stdin = request.stdin === undefined ? undefined : request.stdin.toString();
    this.commands.push({ command: request.command, stdin });
    const index = this.commands.length - 1;
    const rule = this.rules.find((r) => r.times > 0 && r.pattern.test(request.command));
    if (rule) rule.times -= 1;
    const reply = rule
      ? typeof rule.reply === 'function'
        ? await rule.reply(request, index)
        : rule.reply
      : {};
    if (reply.loseConnection) {
      this.state = 'lost';
      throw new TransportError(
        'connection-lost',
        `${this.host}: connection lost while running a command`,
        'reconnect and retry',
      );
    }
    if (reply.hang) {
      await new Promise<void>((resolve) => {
        if (request.signal?.aborted) resolve();
        request.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      throw new TransportError('aborted', `${this.host}: command aborted`);
    }
    const stdout = reply.stdout ?? '';
    const stderr = reply.stderr ?? '';
    splitLines(stdout, request.onStdout);
    splitLines(stderr, request.onStderr);
    return {
      code: reply.code === undefined ? 0 : reply.code,
      signal: reply.signal ?? null,
      stdout,
      stderr,
      truncated: false,
      timedOut: false,
      durationMs: 0,
    };
  }

  async upload(request: UploadRequest): Promise<UploadResult> {
    if (this.state === 'lost') throw new TransportError('connection-lost', `${this.host}: connection lost`);
    this.uploads.push({ remotePath: request.remotePath, data: request.data, mode: request.mode });
    this.files.set(request.remotePath, request.data);
    return { sha256: createHash('sha256').update(request.data).digest('hex'), bytes: request.data.length };
  }

  async download(remotePath: string): Promise<Buffer> {
    const data = this.files.get(remotePath);
    if (!data) throw new TransportError('sftp', `${this.host}: no such file ${remotePath}`);
    return data;
  }

  status(): ReturnType<Transport['status']> {
    return this.state;
  }

  /** Simulates the network going away: every later call fails. */
  dropConnection(): void {
    this.state = 'lost';
  }

  async close(): Promise<void> {
    this.state = 'closed';
  }
}

/** Runs commands with the local bash, files on the local disk: real shell semantics, no SSH. */
export class LocalBashTransport implements Transport {
  readonly commands: string[] = [];

  constructor(
    readonly host: string,
    private readonly cwd: string,
  ) {}

  async connect(): Promise<ConnectionInfo> {
    return info(this.host);
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    this.commands.push(request.command);
    const started = performance.now();
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', request.command], { cwd: this.cwd, signal: request.signal });
      let stdout = '';
      let stderr = '';
      let outRest = '';
      let errRest = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const lines = (outRest + chunk.toString()).split('\n');
        outRest = lines.pop() ?? '';
        for (const line of lines) request.onStdout?.(line);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const lines = (errRest + chunk.toString()).split('\n');
        errRest = lines.pop() ?? '';
        for (const line of lines) request.onStderr?.(line);
      });
      child.on('error', () => undefined);
      child.on('close', (code, signal) => {
        if (outRest) request.onStdout?.(outRest);
        if (errRest) request.onStderr?.(errRest);
        resolve({
          code,
          signal,
          stdout,
          stderr,
          truncated: false,
          timedOut: false,
          durationMs: performance.now() - started,
        });
      });
      // A command that does not read stdin may exit before we write: ignore EPIPE.
      child.stdin.on('error', () => undefined);
      if (request.stdin !== undefined) child.stdin.end(request.stdin);
      else child.stdin.end();
    });
  }

  async upload(request: UploadRequest): Promise<UploadResult> {
    mkdirSync(dirname(request.remotePath), { recursive: true });
    writeFileSync(`${request.remotePath}.part`, request.data, { mode: request.mode });
    renameSync(`${request.remotePath}.part`, request.remotePath);
    return {
      sha256: createHash('sha256').update(readFileSync(request.remotePath)).digest('hex'),
      bytes: request.data.length,
    };
  }

  async download(remotePath: string): Promise<Buffer> {
    return readFileSync(remotePath);
  }

  status(): ReturnType<Transport['status']> {
    return 'connected';
  }

  async close(): Promise<void> {}
}
