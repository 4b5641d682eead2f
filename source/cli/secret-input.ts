// Reading a secret for a headless run: the whole of stdin (`--password-stdin`), minus ONE trailing line
// break (what `echo` or a here-string adds); anything else, inner line breaks included, is kept and judged
// by the form's validation. Bytes that are not UTF-8 are refused, never replaced: a password silently
// turned into U+FFFD would be stored, and fail at the relay, as another password.
import type { Readable } from 'node:stream';
import { decodeUtf8 } from '../lib/utf8.js';

/** Strips exactly one trailing `\n` (or `\r\n`). */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** Thrown by {@link readAll} when stdin is not valid UTF-8. */
export class InvalidUtf8Error extends Error {
  constructor(what: string) {
    super(
      `refused: ${what} is not valid UTF-8 (it would be stored with U+FFFD in place of the invalid bytes); give it as UTF-8 text. Nothing was changed.`,
    );
    this.name = 'InvalidUtf8Error';
  }
}

/** Reads a stream to its end as UTF-8; throws InvalidUtf8Error on invalid bytes. */
export async function readAll(stream: Readable, what = 'the input on stdin'): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = decodeUtf8(Buffer.concat(chunks));
  if (text === null) throw new InvalidUtf8Error(what);
  return text;
}
