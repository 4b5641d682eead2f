// The header's live latency: every few seconds, one round trip per host over its open connection (the
// transport's keepalive request), at most one in flight per host. A host that stops answering shows how long
// its request has waited, so a frozen link is visible before any command times out. Never connects.

/** What is known of a host's round trips; absent while it has no open connection. */
export type RoundTripSample = {
  /** The last answered round trip, in ms, and when it was answered (epoch ms). */
  last?: { ms: number; at: number };
  /** A request is out and unanswered since then (epoch ms). */
  waitingSince?: number;
};

/** host → one round trip over its open connection (rejects when none is open). */
export type RoundTripProbe = () => Promise<number>;

/** Options of {@link RoundTripWatch}. */
export type RoundTripWatchOptions = { intervalMs?: number; now?: () => number };

export class RoundTripWatch {
  private readonly samples = new Map<string, RoundTripSample>();
  private readonly listeners = new Set<(samples: ReadonlyMap<string, RoundTripSample>) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly probes: ReadonlyMap<string, RoundTripProbe>,
    options: RoundTripWatchOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** Samples while anyone listens (the first listener starts it, at once; the last one leaving stops it). */
  subscribe(listener: (samples: ReadonlyMap<string, RoundTripSample>) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === undefined) {
      this.sample();
      this.timer = setInterval(() => this.sample(), this.intervalMs);
      // the watch never keeps the console alive on its own
      this.timer.unref?.();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0 || this.timer === undefined) return;
      clearInterval(this.timer);
      this.timer = undefined;
    };
  }

  snapshot(): ReadonlyMap<string, RoundTripSample> {
    return new Map(this.samples);
  }

  /** One round trip for every host that has none in flight. */
  sample(): void {
    for (const [host, probe] of this.probes) {
      const before = this.samples.get(host);
      if (before?.waitingSince !== undefined) continue;
      const since = this.now();
      this.samples.set(host, { ...before, waitingSince: since });
      probe().then(
        (ms) => this.settle(host, since, { last: { ms, at: this.now() } }),
        // no open connection (or it closed): nothing to show; the header shows the host's state
        () => this.settle(host, since, undefined),
      );
    }
    this.notify();
  }

  private settle(host: string, since: number, sample: RoundTripSample | undefined): void {
    if (this.samples.get(host)?.waitingSince !== since) return;
    if (sample === undefined) this.samples.delete(host);
    else this.samples.set(host, sample);
    this.notify();
  }

  private notify(): void {
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}
