import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quote, quoteAll } from '../../source/lib/shell-quote.js';

describe('quote', () => {
  it('wraps in single quotes and escapes a single quote as close-escape-reopen', () => {
    expect(quote("it's")).toBe(`'it'\\''s'`);
    expect(quote('')).toBe(`''`);
    expect(quote('plain')).toBe(`'plain'`);
  });

  it('passes hostile values through bash byte-identical', () => {
    const values = ["'", '"', '$(id)', '`id`', 'a b', '\n', '\\', '*', '~', 'é日本🎉', "''''", '-n'];
    for (const value of values) {
      const run = spawnSync('bash', ['-c', `printf %s ${quote(value)}`]);
      expect(run.stdout.toString('utf8')).toBe(value);
    }
  });

  it('joins several values as separate words', () => {
    const run = spawnSync('bash', ['-c', `printf '<%s>' ${quoteAll(['a b', "c'd", ''])}`]);
    expect(run.stdout.toString()).toBe("<a b><c'd><>");
  });
});
