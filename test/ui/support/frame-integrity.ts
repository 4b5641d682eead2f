// Checks a rendered frame the way an operator reads it: nothing wider or taller than the terminal, no
// template left unrendered, and every source text recoverable word for word, in order, from the frames
// (joining wrapped rows, across scroll positions) — or visibly cut with a key that shows the rest. Two
// texts drawn over each other on one row break their words, so this also catches overlap.
import { expect } from 'vitest';
import { displayWidth } from '../../../source/lib/terminal-text.js';

/** The terminal sizes every asking screen is checked at. */
export const terminalSizes = [
  { columns: 80, rows: 24 },
  { columns: 100, rows: 30 },
  { columns: 120, rows: 40 },
  { columns: 200, rows: 60 },
] as const;

/** Every line fits the terminal, there are no more lines than rows, and no `{{` survived. */
export function expectFrameFits(frame: string, columns: number, rows: number, what: string): void {
  const lines = frame.split('\n');
  expect(lines.length, `${what}: ${lines.length} lines in ${rows} rows`).toBeLessThanOrEqual(rows);
  for (const line of lines) {
    expect(
      displayWidth(line),
      `${what}: line wider than ${columns}: ${JSON.stringify(line)}`,
    ).toBeLessThanOrEqual(columns);
  }
  expect(frame, `${what}: an unrendered template`).not.toContain('{{');
}

const borders = /[║│╔╗╚╝═─╭╮╰╯▏]/gu;

/** The words of frames, in order (borders removed). */
export function frameWords(frames: readonly string[]): string[] {
  return frames.flatMap((frame) =>
    frame
      .replace(borders, ' ')
      .split(/\s+/u)
      .filter((word) => word !== ''),
  );
}

/**
 * Where `text`'s words stop being found in order among `words` (a word longer than `maxWord` may be split
 * over consecutive words); undefined when all of them are found.
 */
export function missingWord(text: string, words: readonly string[], maxWord: number): string | undefined {
  let at = 0;
  for (const word of text.split(/\s+/u).filter((part) => part !== '')) {
    let found = false;
    for (let index = at; index < words.length && !found; index += 1) {
      if (words[index] === word) {
        at = index + 1;
        found = true;
      } else if (displayWidth(word) > maxWord && word.startsWith(words[index] as string)) {
        let joined = words[index] as string;
        let next = index + 1;
        while (joined.length < word.length && next < words.length) joined += words[next++] as string;
        if (joined === word) {
          at = next;
          found = true;
        }
      }
    }
    if (!found) return word;
  }
  return undefined;
}

/** Every text is recoverable word for word, in order, from the frames. */
export function expectRecoverable(
  texts: readonly string[],
  frames: readonly string[],
  maxWord: number,
  what: string,
): void {
  const words = frameWords(frames);
  for (const text of texts) {
    const missing = missingWord(text, words, maxWord);
    expect(
      missing,
      `${what}: "${missing}" of ${JSON.stringify(text.slice(0, 120))} is not readable in order in:\n${frames.join('\n-----\n')}`,
    ).toBeUndefined();
  }
}
