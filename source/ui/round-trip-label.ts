// The header's words for a host's round trips: the last one and how old it is, or how long the host has not
// answered. A request unanswered for a moment is normal (it is in flight): only past `noReplyAfterMs` is it news.
import type { RoundTripSample } from '../engine/run/round-trip-watch.js';

/** After this long without a reply the header says so instead of the last round trip. */
const noReplyAfterMs = 3000;

/** `rtt 12ms 3s ago`, `no reply for 8s` (warn), or undefined when nothing was measured yet. */
export function roundTripLabel(
  sample: RoundTripSample | undefined,
  now: number,
): { text: string; warn: boolean } | undefined {
  if (sample === undefined) return undefined;
  const waited = sample.waitingSince === undefined ? 0 : now - sample.waitingSince;
  if (waited >= noReplyAfterMs) return { text: `no reply for ${seconds(waited)}`, warn: true };
  if (sample.last === undefined) return undefined;
  const ms = sample.last.ms < 1 ? '<1' : String(Math.round(sample.last.ms));
  return { text: `rtt ${ms}ms ${seconds(now - sample.last.at)} ago`, warn: false };
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.floor(ms / 1000))}s`;
}
