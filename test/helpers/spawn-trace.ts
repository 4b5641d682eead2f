// Counting what a command starts on a host of this machine (the sandbox, or real sshd serving it): the command
// runs under `strace -f`, which records every process created (fork/clone without CLONE_THREAD) and every
// program started (a successful execve). Counted, never timed: strace slows what it traces.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { quote } from '../../source/lib/shell-quote.js';
import type {
  ExecRequest,
  ExecResult,
  Transport,
  UploadRequest,
  UploadResult,
} from '../../source/transport/transport.js';

/** What a traced command started: processes created and the programs started (paths, in trace order). */
export type Spawns = { processes: number; programs: string[] };

/** Why commands cannot be traced here, or undefined when they can. */
export function straceUnavailableReason(): string | undefined {
  const probe = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (probe.error) return 'needs strace (apt-get install strace)';
  const traced = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (traced.status !== 0) return `strace cannot trace here: ${traced.stderr.trim()}`;
  return undefined;
}

const traceSyscalls = 'trace=execve,clone,clone3,fork,vfork';

/**
 * Counts a trace written by `strace -f -o FILE -e trace=execve,clone,clone3,fork,vfork`. The first execve (the
 * traced command itself: the shell the host would have started anyway) is not counted. A call cut in two by
 * another process's line (`<unfinished ...>` … `<... clone resumed>`) is put back together first.
 */
export function countSpawns(trace: string): Spawns {
  const pending = new Map<string, string>();
  const calls: { pid: string; text: string }[] = [];
  for (const line of trace.split('\n')) {
    const match = /^(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pid, rest] = match as unknown as [string, string, string];
    if (rest.endsWith('<unfinished ...>')) {
      pending.set(pid, rest.slice(0, -'<unfinished ...>'.length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest);
    if (resumed) {
      calls.push({ pid, text: `${pending.get(pid) ?? ''}${resumed[1]}` });
      pending.delete(pid);
      continue;
    }
    calls.push({ pid, text: rest });
  }
  let processes = 0;
  const programs: string[] = [];
  let first = true;
  for (const { text } of calls) {
    const exec = /^execve\("((?:[^"\\]|\\.)*)".*\)\s+=\s+0$/.exec(text);
    if (exec) {
      if (first) first = false;
      else programs.push(exec[1]!);
      continue;
    }
    const created = /^(clone3?|v?fork)\(.*\)\s+=\s+(\d+)$/.exec(text);
    if (created && Number(created[2]) > 0 && !text.includes('CLONE_THREAD')) processes += 1;
  }
  return { processes, programs };
}

/** The program names of a count, with how often each ran: `grep ×2, sort`. */
export function programSummary(spawns: Spawns): string {
  const counts = new Map<string, number>();
  for (const path of spawns.programs) counts.set(basename(path), (counts.get(basename(path)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => (n > 1 ? `${name} ×${n}` : name))
    .join(', ');
}

/**
 * Wraps a transport to a host of THIS machine: every exec runs under strace, its trace in a local temp
 * directory, and `spawns()` sums what all of them started. Uploads and downloads pass through.
 */
export class TracingTransport implements Transport {
  readonly host: string;
  private readonly dir = mkdtempSync(join(tmpdir(), 'chom-spawn-trace-'));
  private execs = 0;
  constructor(private readonly inner: Transport) {
    this.host = inner.host;
  }
  connect() {
    return this.inner.connect();
  }
  exec(request: ExecRequest): Promise<ExecResult> {
    const file = join(this.dir, `exec-${(this.execs += 1)}.trace`);
    const command = `exec strace -f -qq -e ${traceSyscalls} -o ${quote(file)} bash -c ${quote(request.command)}`;
    return this.inner.exec({ ...request, command });
  }
  /** What every exec so far started, together. */
  spawns(): Spawns {
    const total: Spawns = { processes: 0, programs: [] };
    for (const name of readdirSync(this.dir).sort()) {
      const one = countSpawns(readFileSync(join(this.dir, name), 'utf8'));
      total.processes += one.processes;
      total.programs.push(...one.programs);
    }
    return total;
  }
  upload(request: UploadRequest): Promise<UploadResult> {
    return this.inner.upload(request);
  }
  download(remotePath: string, signal?: AbortSignal): Promise<Buffer> {
    return this.inner.download(remotePath, signal);
  }
  status() {
    return this.inner.status();
  }
  async close() {
    await this.inner.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
