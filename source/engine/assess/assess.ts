// The read-only assessment: probes run (each host's in ONE round trip, hosts in parallel), and their parsers
// turn output into named facts for the report.
import type { HostError } from './assess-batch.js';

/** One probe's result: its facts, or why it produced none. */
export type ProbeResult = {
  id: string;
  title: string;
  host: string;
  ok: boolean;
  detail: string;
  facts: Record<string, unknown>;
  /** Set when the probe's host could not be reached: the probe never ran. */
  hostError?: HostError;
  durationMs?: number;
};

export { parseProbe } from './assess-parse.js';
export { runProbes } from './assess-run.js';
