// Per-host log panes of a run: output lines are batched (line-batcher, 75 ms) into one capped ring buffer
// per host, so a chatty command costs one re-render per batch, never one per line.
import { createLineBatcher, type LineBatcher } from '../../../lib/line-batcher.js';
import { RingBuffer, defaultRingCapacity } from '../../../lib/ring-buffer.js';
import type { LogLine } from '../../widgets/log-pane/log-view.js';

/** One host's buffer; `version` grows with every delivered batch (the buffer mutates in place). */
export type Pane = { host: string; lines: RingBuffer<LogLine> };

/** The panes of one run and the batcher that feeds them. */
export class PaneStore {
  readonly panes: Pane[];
  private readonly batcher: LineBatcher<{ host: string; line: LogLine }>;
  private versionCount = 0;

  constructor(hosts: readonly string[], onBatch: () => void, capacity = defaultRingCapacity) {
    this.panes = hosts.map((host) => ({ host, lines: new RingBuffer<LogLine>(capacity) }));
    this.batcher = createLineBatcher({
      sink: (batch) => {
        for (const { host, line } of batch) this.paneFor(host).lines.push(line);
        this.versionCount += 1;
        onBatch();
      },
    });
  }

  /** Grows with every delivered batch. */
  get version(): number {
    return this.versionCount;
  }

  /** Lines of hosts without a pane of their own (`console`) go to the first pane. */
  paneFor(host: string): Pane {
    return this.panes.find((pane) => pane.host === host) ?? (this.panes[0] as Pane);
  }

  push(host: string, line: LogLine): void {
    this.batcher.push({ host, line });
  }

  /** Delivers what is waiting now (before showing a failure, at the end of a run). */
  flush(): void {
    this.batcher.flush();
  }

  close(): void {
    this.batcher.close();
  }
}
