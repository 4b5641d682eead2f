import { StringDecoder } from 'node:string_decoder';

/** Turns a byte stream into complete lines; chunks may split lines and multi-byte UTF-8 characters anywhere. */
export type LineSplitter = {
  /** Feeds one chunk; calls `onLine` for every line it completes (without the newline or a trailing CR). */
  push(chunk: Buffer | string): void;
  /** Ends the stream: a last line without a newline is still delivered. */
  end(): void;
};

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  // StringDecoder keeps the bytes of an incomplete UTF-8 sequence until the next chunk completes it.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emitComplete = (text: string): void => {
    pending += text;
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline !== -1) {
      const end = newline > start && pending.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      onLine(pending.slice(start, end));
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = start === 0 ? pending : pending.slice(start);
  };
  return {
    push(chunk) {
      emitComplete(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    },
    end() {
      emitComplete(decoder.end());
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
