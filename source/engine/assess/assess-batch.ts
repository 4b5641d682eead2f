// Running one host's probes as one command: connect once, send the batch script, split its output back
// into probes. A host that cannot be reached fails all its probes with the connection's reason.
import { randomBytes } from 'node:crypto';
import type { Transport } from '../../transport/transport.js';
import { batchExec, batchScript, splitBatch, type BatchItem, type BatchOutput } from './assess-script.js';
import type { RunContext } from '../run/run-context.js';

/** Why a host's batch could not run (connection or transport error). */
export type HostError = { kind: string; message: string; hint?: string };

/** A host's batch outcome: per-item outputs, or the reason the host could not be asked. */
export type HostBatch = { outputs: BatchOutput[]; error: HostError | null; durationMs: number };

/** Bytes of batch output kept (all probes of a host together). */
const batchCaptureLimit = 16 * 1024 * 1024;

function hostError(error: unknown): HostError {
  if (error instanceof Error) {
    const kind = 'kind' in error && typeof error.kind === 'string' ? error.kind : 'error';
    const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
    return { kind, message: error.message, ...(hint !== undefined ? { hint } : {}) };
  }
  return { kind: 'error', message: String(error) };
}

async function connectedTransport(run: RunContext, host: string): Promise<Transport> {
  const transport = run.transports.get(host);
  if (!transport)
    throw Object.assign(new Error(`no connection configured for host "${host}"`), { kind: 'unknown-host' });
  if (!run.memory.connected.has(host)) {
    await transport.connect();
    run.memory.connected.add(host);
  }
  return transport;
}

/** The longest lane's summed timeouts, plus slack for connecting and splitting. */
function batchTimeoutMs(items: readonly BatchItem[]): number {
  return items.reduce((sum, item) => sum + item.timeoutSeconds, 0) * 1000 + 15_000;
}

/** Runs `items` on `host` in one exec (the script on stdin). The batch script itself goes to the command log and journal. */
export async function runHostBatch(
  run: RunContext,
  host: string,
  items: readonly BatchItem[],
): Promise<HostBatch> {
  const started = performance.now();
  const failAll = (error: unknown): HostBatch => ({
    outputs: items.map(() => ({ stdout: '', stderr: '', exit: null, durationMs: null })),
    error: hostError(error),
    durationMs: performance.now() - started,
  });
  if (items.length === 0) return { outputs: [], error: null, durationMs: 0 };
  let transport: Transport;
  try {
    transport = await connectedTransport(run, host);
  } catch (error) {
    return failAll(error);
  }
  const nonce = randomBytes(8).toString('hex');
  const script = batchScript(items, nonce);
  try {
    const result = await transport.exec({
      ...batchExec(script),
      timeoutMs: batchTimeoutMs(items),
      signal: run.signal,
      captureLimit: batchCaptureLimit,
    });
    run.emit({
      type: 'command-finished',
      host,
      stepId: null,
      command: run.redactor.redact(script),
      exitCode: result.code,
      signal: result.signal,
      durationMs: Math.round(result.durationMs * 10) / 10,
    });
    return {
      outputs: splitBatch(result.stdout, items.length, nonce),
      error: null,
      durationMs: result.durationMs,
    };
  } catch (error) {
    return failAll(error);
  }
}
