// One follower per log source for the whole console, shared by every run's panes. Restarting a follower
// (`tail -n 50 -F`, `journalctl -f -n 50`) re-prints its last lines, and starting one per run ran two at once;
// keeping a single follower alive and remembering each reader's position means a pane that stops reading
// (a step runs) and starts again gets exactly the lines that arrived meanwhile: none twice, in order, each
// with the time it arrived. Byte offsets would not survive the `current` symlink switching to a new file.
import { RingBuffer } from '../../lib/ring-buffer.js';

/** Starts the host's follower: calls `onLine` per line until `signal` aborts or the command ends. */
export type StartFollower = (
  host: string,
  onLine: (line: string) => void,
  signal: AbortSignal,
) => Promise<void>;

/** A line as it arrived: its sequence number in the source (0 = first ever) and arrival time (ms). */
export type FollowedLine = { seq: number; text: string; time: number };

/** A reader's position: the next sequence number it has not seen; undefined for a new reader. */
export type FollowCursor = number | undefined;

/** What a new reader (a new run's pane) is shown of what is kept: as much as the follower printed first. */
const freshReaderLines = 50;

type Source = {
  lines: RingBuffer<FollowedLine>;
  readers: Set<(lines: FollowedLine[]) => void>;
  state: { kind: 'idle' } | { kind: 'running'; controller: AbortController } | { kind: 'closed' };
};

/** Lines kept per source for readers that paused (a long step); older ones are reported as not kept. */
const keptFollowLines = 2000;

export class LogFollowers {
  private readonly sources = new Map<string, Source>();

  constructor(
    private readonly start: StartFollower,
    private readonly now: () => number = Date.now,
    private readonly keep = keptFollowLines,
  ) {}

  /**
   * Reads the host's source from `cursor` on (a new reader: the last {@link freshReaderLines} kept lines):
   * what is kept is delivered at once, new lines as they arrive.
   * Starts the follower if none runs; the returned function stops reading (the follower keeps running).
   */
  read(host: string, cursor: FollowCursor, onLines: (lines: FollowedLine[]) => void): () => void {
    const source = this.sourceOf(host);
    const backlog = this.since(source, cursor);
    if (backlog.length > 0) onLines(backlog);
    source.readers.add(onLines);
    if (source.state.kind === 'idle') this.run(host, source);
    return () => source.readers.delete(onLines);
  }

  /** How many followers run now (one per source at most). */
  get running(): number {
    return [...this.sources.values()].filter((source) => source.state.kind === 'running').length;
  }

  /** Stops every follower (the console quits). */
  close(): void {
    for (const source of this.sources.values()) {
      if (source.state.kind === 'running') source.state.controller.abort();
      source.state = { kind: 'closed' };
      source.readers.clear();
    }
  }

  private sourceOf(host: string): Source {
    let source = this.sources.get(host);
    if (source === undefined) {
      source = { lines: new RingBuffer(this.keep), readers: new Set(), state: { kind: 'idle' } };
      this.sources.set(host, source);
    }
    return source;
  }

  /** Kept lines from `cursor` on; a gap (lines no longer kept) is said in one line of its own. */
  private since(source: Source, reader: FollowCursor): FollowedLine[] {
    const { lines } = source;
    const oldest = lines.total - lines.length;
    const cursor = reader ?? Math.max(oldest, lines.total - freshReaderLines);
    const out: FollowedLine[] = [];
    if (reader !== undefined && cursor < oldest) {
      out.push({
        seq: cursor,
        text: `… ${oldest - cursor} log lines arrived while this pane was paused and are no longer kept`,
        time: this.now(),
      });
    }
    for (let index = Math.max(0, cursor - oldest); index < lines.length; index += 1) {
      const line = lines.at(index);
      if (line !== undefined) out.push(line);
    }
    return out;
  }

  private run(host: string, source: Source): void {
    const controller = new AbortController();
    source.state = { kind: 'running', controller };
    const push = (text: string): void => {
      if (controller.signal.aborted) return;
      const line = { seq: source.lines.total, text, time: this.now() };
      source.lines.push(line);
      for (const reader of source.readers) reader([line]);
    };
    const ended = (why: string): void => {
      if (source.state.kind !== 'running' || source.state.controller !== controller) return;
      // The next reader starts it again; say so, since a restarted follower re-prints its last lines.
      push(`— log follower ended (${why}); it restarts when this pane follows again`);
      source.state = { kind: 'idle' };
    };
    this.start(host, push, controller.signal).then(
      () => ended('the command exited'),
      (error: unknown) => ended(error instanceof Error ? error.message : String(error)),
    );
  }
}
