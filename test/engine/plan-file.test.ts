// Reading a plan file: anything that is not a plan `plan --live --out` wrote, unchanged, is refused with what
// is wrong and what to do; prototype keys and control characters never get through or into a message.
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../source/engine/plan/deciding-facts.js';
import { digestOf } from '../../source/engine/plan/live-plan.js';
import { maxPlanBytes, readPlanFile } from '../../source/engine/plan/plan-file.js';

function minimal(over: Record<string, unknown> = {}): Record<string, unknown> {
  const deciding = [
    { name: 'live-release', label: 'the live release on landsraad', value: '20260106_132320' },
  ];
  const body: Record<string, unknown> = {
    schema: 'chom-console/live-plan@1',
    madeAt: '2026-12-06T10:00:00.000Z',
    madeBy: 'ann',
    profile: 'sandbox',
    hosts: [{ name: 'landsraad', address: 'embedded sandbox', user: 'deploy', embedded: true }],
    request: { from: null, only: null, commit: null, vars: [] },
    deploy: { schema: 'chom-console/deploy-plan@1' },
    steps: [],
    critical: [],
    deciding,
    fingerprint: fingerprintOf(deciding),
    ...over,
  };
  return { ...body, digest: digestOf(body) };
}

const refusal = (text: string): string => {
  const read = readPlanFile(text, 'p.json');
  return read.ok ? 'accepted' : read.message;
};

describe('plan file', () => {
  it('accepts a plan as written', () => {
    expect(readPlanFile(JSON.stringify(minimal()), 'p.json').ok).toBe(true);
  });

  it('refuses what is not one, each time saying how to make one', () => {
    expect(refusal('')).toMatch(/^plan file p\.json: not JSON/);
    expect(refusal('[1,2]')).toMatch(/not a plan of `plan --live --out` \(schema missing/);
    expect(refusal('{"schema":"chom-console/deploy-plan@1"}')).toMatch(
      /schema "chom-console\/deploy-plan@1", expected chom-console\/live-plan@1/,
    );
    expect(refusal(JSON.stringify({ ...minimal(), deciding: 'x' }))).toMatch(/field "deciding"/);
    expect(
      refusal(
        JSON.stringify(minimal({ request: { from: null, only: null, commit: '$(rm -rf /)', vars: [] } })),
      ),
    ).toMatch(/field "request\.commit"/);
    expect(refusal(' '.repeat(maxPlanBytes + 1))).toMatch(/larger than/);
    for (const text of ['', '[1,2]', JSON.stringify({ ...minimal(), deciding: 'x' })])
      expect(refusal(text)).toMatch(/make a new one with `chom-console plan --live --out FILE`$/);
  });

  it('refuses an edited file, a fingerprint that is not its facts, and keys it does not know (__proto__)', () => {
    const plan = minimal();
    expect(refusal(JSON.stringify({ ...plan, madeBy: 'mallory' }))).toMatch(/its contents changed after/);
    const lying = minimal({ fingerprint: `sha256:${'0'.repeat(64)}` });
    expect(refusal(JSON.stringify(lying))).toMatch(/its fingerprint does not match its deciding facts/);
    const body = JSON.stringify(minimal()).replace('{', '{"__proto__":{"polluted":true},');
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const forged = JSON.stringify({ ...parsed, digest: digestOf(parsed) });
    expect(refusal(forged)).toMatch(/Unrecognized key|unrecognized/i);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const escape = refusal(JSON.stringify({ schema: '\u001b]0;owned\u0007' }));
    expect(escape).toContain('\\u001b]0;owned\\u0007');
    // eslint-disable-next-line no-control-regex -- the point: no control character reaches the message
    expect(escape).not.toMatch(/[\u0000-\u001f]/);
  });
});
