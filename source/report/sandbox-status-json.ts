// `sandbox status --format json`: whether the world's daemon runs (and its published status), whether the world
// is seeded, where it lives and its content hash.
import type { SandboxStatus } from '../sandbox/lifecycle/status-file.js';

/** What `sandbox status` found. */
export type SandboxStatusFacts = {
  live: SandboxStatus | undefined;
  seeded: boolean;
  world: string;
  /** The world's hash; null when it is not seeded yet. */
  hash: string | null;
};

export function sandboxStatusJson(facts: SandboxStatusFacts): string {
  return JSON.stringify(
    {
      running: Boolean(facts.live),
      seeded: facts.seeded,
      world: facts.world,
      status: facts.live ?? null,
      hash: facts.hash,
    },
    null,
    2,
  );
}
