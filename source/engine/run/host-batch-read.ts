// Many read-only scripts for one host in ONE exec: the assessment's batch script (sent on stdin, each read's
// output split back by a per-batch nonce marker), so a plan reads a host in one round trip, not one SSH
// channel and one process per fact. A read whose answer did not come back (the batch failed, was cut short)
// is left unanswered: the caller sends it on its own, as it would have without the batch, so every error
// is the one it would have been. Only reads without stdin go here: content compared on a host (a secret
// file) keeps its own exec, the content on stdin.
import { randomBytes } from 'node:crypto';
import { asUser } from '../../commands/privilege.js';
import type { Transport } from '../../transport/transport.js';
import { batchExec, batchScript, splitBatch, type BatchItem } from '../assess/assess-script.js';
import type { HostRead } from './host-read.js';

/** A read's exit code and output, as a single exec would have given them. */
export type ReadAnswer = { code: number | null; stdout: string; stderr: string };

/** A host read without stdin (what a batch can carry). */
export type BatchRead = Pick<HostRead, 'script' | 'user'>;

/** Per read, as a single host read allows (host-read.ts). */
const readTimeoutSeconds = 20;

/** Bytes of batch output kept (all the reads of a host together: live configs among them). */
const batchCaptureLimit = 16 * 1024 * 1024;

/** The command a read sends: its answer is found by it. */
export function readCommand(read: BatchRead): string {
  return asUser(read.script, read.user);
}

/** Runs `reads` on the (connected) host in one exec; the answers by command (missing: read it alone). */
export async function batchRead(
  transport: Transport,
  reads: readonly BatchRead[],
): Promise<Map<string, ReadAnswer>> {
  const unique = [...new Map(reads.map((read) => [readCommand(read), read])).entries()];
  const answers = new Map<string, ReadAnswer>();
  if (unique.length === 0) return answers;
  const items: BatchItem[] = unique.map(([command, read], index) => ({
    id: String(index),
    script: command,
    timeoutSeconds: readTimeoutSeconds,
    // reads of one user share one sudo (as the assessment's probes do)
    ...(read.user !== undefined && read.user !== '' && { as: { user: read.user, script: read.script } }),
  }));
  const nonce = randomBytes(8).toString('hex');
  try {
    const result = await transport.exec({
      ...batchExec(batchScript(items, nonce)),
      timeoutMs: items.length * readTimeoutSeconds * 1000 + 15_000,
      captureLimit: batchCaptureLimit,
    });
    splitBatch(result.stdout, items.length, nonce).forEach((output, index) => {
      if (output.exit !== null)
        answers.set(unique[index]![0], { code: output.exit, stdout: output.stdout, stderr: output.stderr });
    });
  } catch {
    // the batch could not run: each read goes on its own and reports its own error
  }
  return answers;
}
