// Reading a secret for a headless run: the whole of stdin (`--password-stdin`), minus ONE trailing line
// break (what `echo` or a here-string adds); anything else, inner line breaks included, is kept and judged
// by the form's validation.
import type { Readable } from 'node:stream';

/** Strips exactly one trailing `\n` (or `\r\n`). */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** Reads a stream to its end as UTF-8. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
