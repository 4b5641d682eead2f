// A probe's parsers (assess-parse.ts): keyvalue facts and the list facts one keyvalue probe can also give.
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../source/engine/assess/assess-parse.js';

describe('keyvalue parse', () => {
  const parse = {
    kind: 'keyvalue' as const,
    facts: { state: 'state', code: 'code' },
    lists: { groups: 'group', none: 'absent' },
  };

  it('gives each fact its key (the last line wins) and each list every line of its key, in order', () => {
    const out = parseProbe(
      parse,
      'state=active\ngroup=node alerts\ncode: 200\ngroup=redis\nstate=failed\ngroup= "x=y" \n',
    );
    expect(out).toEqual({ state: 'failed', code: '200', groups: ['node alerts', 'redis', 'x=y'], none: [] });
  });

  it('gives null facts and empty lists for empty output', () => {
    expect(parseProbe(parse, '')).toEqual({ state: null, code: null, groups: [], none: [] });
  });

  it('keeps keyvalue without lists as before', () => {
    expect(parseProbe({ kind: 'keyvalue', facts: { a: 'a' } }, 'a=1\nb=2')).toEqual({ a: '1' });
  });
});
