// The conditions of a `when:` (nested ones included), without zod: the plan and the run read them from a
// cached profile, which must not load the schema library (test/cli/startup-modules.test.ts).
import type { When, WhenCondition } from './when-schema.js';

/** Every condition of `when` with its YAML path below `when`, nested ones included (for the loader). */
export function conditionsOf(when: When): { condition: WhenCondition; path: (string | number)[] }[] {
  if (!('skip_if' in when)) return [{ condition: { fact: when.fact, matches: when.matches }, path: [] }];
  const out: { condition: WhenCondition; path: (string | number)[] }[] = [];
  const walk = (condition: WhenCondition, path: (string | number)[]): void => {
    out.push({ condition, path });
    if ('any' in condition) condition.any.forEach((inner, i) => walk(inner, [...path, 'any', i]));
    if ('all' in condition) condition.all.forEach((inner, i) => walk(inner, [...path, 'all', i]));
  };
  walk(when.skip_if, ['skip_if']);
  return out;
}
