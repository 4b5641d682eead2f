import { describe, expect, it } from 'vitest';
import { createLineSplitter } from '../../source/lib/line-splitter.js';

function split(chunks: Array<Buffer | string>): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((l) => lines.push(l));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('line splitter', () => {
  it('joins lines split across chunks and keeps a last line without newline', () => {
    expect(split(['ab', 'c\nde', 'f\n\ng'])).toEqual(['abc', 'def', '', 'g']);
  });

  it('strips CR of CRLF endings', () => {
    expect(split(['one\r\ntwo\r', '\n'])).toEqual(['one', 'two']);
  });

  it('decodes multi-byte UTF-8 split at every byte boundary', () => {
    const bytes = Buffer.from('héllo → wörld 🚀\nzwei\n');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['héllo → wörld 🚀', 'zwei']);
    }
    expect(split([...bytes].map((b) => Buffer.from([b])))).toEqual(['héllo → wörld 🚀', 'zwei']);
  });

  it('emits nothing for empty input', () => {
    expect(split([])).toEqual([]);
  });
});
