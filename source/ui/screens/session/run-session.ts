// One run as the screens see it: the engine's events reduced into RunState (run-state.ts), output lines
// batched into per-host panes, the pending gate question, and the summary. Screens read it through
// useSyncExternalStore; listeners are told at most once per frame (≤ 30 per second).
import type { RunEvent } from '../../../engine/run/events.js';
import {
  initialRunState,
  reduceRunState,
  withPlannedSteps,
  type RunState,
} from '../../../engine/run/run-state.js';
import type { Runner, RunSummary } from '../../../engine/run/runner.js';
import type { FollowCursor, LogFollowers } from '../../../engine/run/log-followers.js';
import type { RunRequest } from '../../app-services.js';
import type { GateQuestion, GatesBridge } from '../../gates-bridge.js';
import { PaneStore } from './pane-store.js';
import type { StopCause } from '../../../engine/run/abort.js';

/** A planned phase, to show pending steps before they run. */
export type PlannedPhase = {
  id: string;
  title: string;
  steps: { id: string; title: string; host: string }[];
};

/** What a screen renders; a new object only when something changed. */
export type RunSnapshot = {
  state: RunState;
  gate: GateQuestion | null;
  paneVersion: number;
  summary: RunSummary | null;
  /** The run could not even start or crashed outside the engine's own handling. */
  error: string | null;
};

/** Options of {@link RunSession}. */
export type RunSessionOptions = {
  request: RunRequest;
  runner: Runner;
  bridge: GatesBridge;
  controller: AbortController;
  planned: PlannedPhase[];
  hosts: readonly string[];
  /** The console's log followers (one per source, shared by every run). */
  followers?: LogFollowers;
  /** Minimum time between notifications; default 33 ms (30 fps). */
  frameMs?: number;
};

export class RunSession {
  readonly request: RunRequest;
  readonly panes: PaneStore;
  readonly bridge: GatesBridge;
  readonly done: Promise<RunSummary | null>;
  private state: RunState;
  private summary: RunSummary | null = null;
  private error: string | null = null;
  private snapshot: RunSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private following: (() => void)[] | undefined;
  /** Per host, the next log line this run's pane has not shown: following again resumes there. */
  private readonly cursors = new Map<string, FollowCursor>();
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: RunSessionOptions) {
    this.request = options.request;
    this.bridge = options.bridge;
    this.state = withPlannedSteps(initialRunState, options.planned);
    this.panes = new PaneStore(options.hosts, () => this.schedule());
    this.snapshot = this.makeSnapshot();
    this.unsubscribe = options.runner.subscribe((event) => this.onEvent(event));
    const unsubscribeGates = options.bridge.subscribe(() => {
      this.panes.flush();
      this.syncFollow();
      this.schedule();
    });
    this.done = options.runner.run().then(
      (summary) => this.finish(summary, null, unsubscribeGates),
      (error: unknown) =>
        this.finish(null, error instanceof Error ? error.message : String(error), unsubscribeGates),
    );
  }

  get mode(): RunRequest['mode'] {
    return this.request.mode;
  }

  /** True until the runner has returned. */
  get running(): boolean {
    return this.summary === null && this.error === null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RunSnapshot => this.snapshot;

  /** Stops the run: pending questions get their safe answers and the runner's signal fires (with why). */
  abort(cause: StopCause = 'operator'): Promise<RunSummary | null> {
    this.options.controller.abort(cause);
    this.bridge.cancelAll();
    return this.done;
  }

  /** Leaves the run's screen: stops following logs and timers (aborts a run still going). */
  dispose(): void {
    if (this.running) void this.abort();
    this.disposed = true;
    this.syncFollow();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private lastAt = '';
  private lastTime = 0;

  /** `Date.parse`, once per distinct stamp: a burst of output lines shares the runner's per-millisecond stamp. */
  private timeOf(at: string): number {
    if (at !== this.lastAt) {
      this.lastAt = at;
      this.lastTime = Date.parse(at);
    }
    return this.lastTime;
  }

  private onEvent(event: RunEvent): void {
    if (event.type === 'output') {
      this.panes.push(event.host, {
        text: event.line,
        time: this.timeOf(event.at),
        ...(event.stepId === null ? {} : { step: event.stepId }),
        stream: event.stream,
      });
      return;
    }
    this.state = reduceRunState(this.state, event);
    if (event.type === 'step-finished' && event.outcome === 'failed') this.panes.flush();
    this.schedule();
  }

  private finish(summary: RunSummary | null, error: string | null, unsubscribeGates: () => void) {
    this.summary = summary;
    this.error = error;
    this.unsubscribe();
    unsubscribeGates();
    this.panes.flush();
    this.syncFollow();
    this.publish();
    return summary;
  }

  /** Between steps (waiting for the operator, or after the run) each pane follows its host's logs. */
  private syncFollow(): void {
    const followers = this.options.followers;
    const want =
      followers !== undefined && !this.disposed && (this.bridge.current() !== null || !this.running);
    if (want && this.following === undefined) {
      this.following = this.panes.panes.map((pane) =>
        followers.read(pane.host, this.cursors.get(pane.host), (lines) => {
          for (const line of lines) this.panes.push(pane.host, { text: line.text, time: line.time });
          const last = lines[lines.length - 1];
          if (last !== undefined) this.cursors.set(pane.host, last.seq + 1);
        }),
      );
    } else if (!want && this.following !== undefined) {
      for (const stop of this.following) stop();
      this.following = undefined;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.disposed) return;
    this.timer = setTimeout(() => this.publish(), this.options.frameMs ?? 33);
  }

  private publish(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }

  private makeSnapshot(): RunSnapshot {
    return {
      state: this.state,
      gate: this.bridge.current(),
      paneVersion: this.panes.version,
      summary: this.summary,
      error: this.error,
    };
  }
}
