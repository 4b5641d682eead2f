// zod issues → ProfileIssues at the file:line:column of the offending node, with messages that say what was
// expected and what was found (zod's own wording names neither the value nor the allowed keys).
import type { z } from 'zod';
import { keyOriginAt, nodeAt, type LocatedNode, type Origin } from './located-node.js';
import { formatPath } from './profile-issue.js';
import { profileSchema } from './schema.js';
import { closest, knownKeysAt } from './schema-keys.js';
import { describeType, describeValue } from './value-description.js';

/** A ProfileIssue before its file order is known, with a tie-breaker (unknown keys first). */
export type PlacedIssue = { origin: Origin; path: string; message: string; rank: number };

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function unknownKeys(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  path: PropertyKey[],
  root: LocatedNode,
  data: unknown,
) {
  const known = knownKeysAt(profileSchema, data, path);
  return issue.keys.map((key): PlacedIssue => {
    const guess = closest(key, known);
    // A key valid in another form of a union (a host with both `embedded` and `address`) is not a typo.
    const text =
      guess === key
        ? `key "${key}" cannot be combined with the other keys here (${path[0] === 'hosts' ? 'a host is either embedded: true, or address, port, …' : 'they belong to different forms of this setting'})`
        : guess
          ? `unknown key "${key}"; did you mean "${guess}"?`
          : known.length > 0
            ? `unknown key "${key}" (expected one of: ${known.join(', ')})`
            : `unknown key "${key}"`;
    const keyPath = [...path, key];
    return {
      origin: keyOriginAt(root, keyPath),
      path: formatPath(keyPath as (string | number)[]),
      message: text,
      rank: 0,
    };
  });
}

function message(issue: z.core.$ZodIssue, found: unknown, key: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined
        ? `missing required key "${key}": expected ${describeType(issue.expected)}`
        : `expected ${describeType(issue.expected)}, found ${describeValue(found)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describeValue(found)}`;
    case 'invalid_format': {
      const expected = issue.message.startsWith('Invalid')
        ? `a string matching ${issue.pattern ?? issue.format}`
        : issue.message;
      return `expected ${expected}, found ${describeValue(found)}`;
    }
    case 'too_small':
    case 'too_big': {
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const bound = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      if (issue.origin === 'array') {
        const words = issue.code === 'too_small' ? 'at least' : 'at most';
        return `expected ${words} ${limit} item(s), found ${Array.isArray(found) ? found.length : describeValue(found)}`;
      }
      if (issue.origin === 'string')
        return `expected a string of length ${bound} ${limit}, found ${describeValue(found)}`;
      return `expected a number ${bound} ${limit}, found ${describeValue(found)}`;
    }
    case 'custom':
      // a refinement that says itself what it found (a `when:` condition with two keys)
      return issue.message.includes(', found ')
        ? issue.message
        : `${issue.message}, found ${describeValue(found)}`;
    default:
      return `${issue.message}, found ${describeValue(found)}`;
  }
}

function place(
  issue: z.core.$ZodIssue,
  base: PropertyKey[],
  root: LocatedNode,
  data: unknown,
): PlacedIssue[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') return unknownKeys(issue, path, root, data);
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // The branch with the fewest complaints is the one the author meant (ties: the last, the common case).
    const best = issue.errors.reduce((a, b) => (b.length <= a.length ? b : a));
    return best.flatMap((inner) => place(inner, path, root, data));
  }
  if (issue.code === 'invalid_key') {
    // a mapping key the schema constrains (run.env names): point at the key, say what a key must be
    const expected = issue.issues[0]?.message ?? 'a valid key';
    const text = `expected ${expected}, found the key "${String(path[path.length - 1])}"`;
    return [
      {
        origin: keyOriginAt(root, path),
        path: formatPath(path as (string | number)[]),
        message: text,
        rank: 1,
      },
    ];
  }
  const found = valueAt(data, path);
  // A missing key is reported on its parent mapping (the deepest node that exists).
  const where = nodeAt(root, path).origin;
  const key = String(path[path.length - 1] ?? '');
  if (issue.code === 'invalid_union') {
    const options = (issue as { options?: unknown[] }).options ?? [];
    const expected =
      options.length > 0 ? options.map((v) => JSON.stringify(v)).join(', ') : 'one of the known forms';
    const text =
      found === undefined
        ? `missing required key "${key}": expected one of ${expected}`
        : `expected one of ${expected}, found ${describeValue(found)}`;
    return [{ origin: where, path: formatPath(path as (string | number)[]), message: text, rank: 1 }];
  }
  return [
    {
      origin: where,
      path: formatPath(path as (string | number)[]),
      message: message(issue, found, key),
      rank: 1,
    },
  ];
}

/** Places every zod issue on the node that caused it. */
export function schemaIssues(error: z.ZodError, root: LocatedNode, data: unknown): PlacedIssue[] {
  return error.issues.flatMap((issue) => place(issue, [], root, data));
}
