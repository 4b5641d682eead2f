// A step's `when:` over a saved fact: the reason it is skipped, or null when it runs.
import type { Step } from '../../profile/schema.js';

/** Null when the step runs; the `else` text when its fact is known and no line of it matches. */
export function skipReason(step: Step, facts: Readonly<Record<string, unknown>>): string | null {
  const when = step.when;
  if (!when || !(when.fact in facts)) return null;
  const value = facts[when.fact];
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return new RegExp(when.matches, 'm').test(text) ? null : when.else;
}
