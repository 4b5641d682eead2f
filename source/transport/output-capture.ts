// One output stream of a command: split into lines for the callback, kept up to a byte limit for the result.
import { createLineSplitter, type LineSplitter } from '../lib/line-splitter.js';

/** Collects one stream (stdout or stderr) of a running command. */
export type OutputCapture = { push(chunk: Buffer): void; end(): void; text(): string; truncated(): boolean };

export function createOutputCapture(limit: number, onLine?: (line: string) => void): OutputCapture {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let truncated = false;
  const splitter: LineSplitter | undefined = onLine ? createLineSplitter(onLine) : undefined;
  return {
    push(chunk) {
      splitter?.push(chunk);
      if (keptBytes >= limit) {
        truncated = true;
        return;
      }
      const room = limit - keptBytes;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length < chunk.length) truncated = true;
      kept.push(part);
      keptBytes += part.length;
    },
    end: () => splitter?.end(),
    // A cut in the middle of a UTF-8 character shows as U+FFFD; acceptable for a truncated capture.
    text: () => Buffer.concat(kept).toString('utf8'),
    truncated: () => truncated,
  };
}

/**
 * Removes the wrapper's process-group marker line from stderr and reports the group id. Lines before it (a login
 * shell's rc files may print some) pass through; after it, or after 4 KiB without it, chunks pass untouched.
 */
export function createMarkerStripper(
  marker: string,
  onPgid: (pgid: number) => void,
  next: (chunk: Buffer) => void,
): { push(chunk: Buffer): void; flush(): void } {
  let head: Buffer | undefined = Buffer.alloc(0);
  const scan = (final: boolean): void => {
    while (head !== undefined) {
      const newline = head.indexOf(10);
      if (newline === -1) {
        if (final || head.length > 4096) {
          if (head.length > 0) next(head);
          head = undefined;
        }
        return;
      }
      const line = head.subarray(0, newline);
      const rest = head.subarray(newline + 1);
      if (line.toString('utf8').startsWith(marker)) {
        onPgid(Number(line.toString('utf8').slice(marker.length)));
        head = undefined;
        if (rest.length > 0) next(rest);
        return;
      }
      next(head.subarray(0, newline + 1));
      head = rest;
    }
  };
  return {
    push(chunk) {
      if (head === undefined) return next(chunk);
      head = Buffer.concat([head, chunk]);
      scan(false);
    },
    flush: () => scan(true),
  };
}
