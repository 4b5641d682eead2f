// The keys a strict object of the schema accepts at a given YAML path, so that an unknown key can be answered
// with the expected keys and a "did you mean". Walks zod's definitions; for unions it picks the option that
// fits the data (by discriminator, else by the most shared keys).
import type { z } from 'zod';

type Def = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  discriminator?: string;
  values?: readonly unknown[];
  getter?: () => z.core.$ZodType;
};

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let def = defOf(current); ; def = defOf(current)) {
    const inner =
      def.innerType ?? (def.type === 'pipe' ? def.in : def.type === 'lazy' ? def.getter?.() : undefined);
    if (!inner) return current;
    current = inner;
  }
}

function keysOf(schema: z.core.$ZodType): string[] {
  return Object.keys(defOf(unwrap(schema)).shape ?? {});
}

function pickOption(def: Def, data: unknown): z.core.$ZodType | undefined {
  const options = def.options ?? [];
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  if (def.discriminator !== undefined) {
    const value = record[def.discriminator];
    return options.find((option) => {
      const field = defOf(unwrap(option)).shape?.[def.discriminator!];
      return field !== undefined && (defOf(unwrap(field)).values ?? []).includes(value);
    });
  }
  const shared = (option: z.core.$ZodType) => keysOf(option).filter((key) => key in record).length;
  return [...options].sort((a, b) => shared(b) - shared(a))[0];
}

function child(schema: z.core.$ZodType, data: unknown, segment: PropertyKey): z.core.$ZodType | undefined {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object':
      return def.shape?.[String(segment)];
    case 'array':
      return def.element;
    case 'record':
      return def.valueType;
    case 'union': {
      const option = pickOption(def, data);
      return option ? child(option, data, segment) : undefined;
    }
    default:
      return undefined;
  }
}

function at(data: unknown, segment: PropertyKey): unknown {
  return data !== null && typeof data === 'object'
    ? (data as Record<PropertyKey, unknown>)[segment]
    : undefined;
}

/** The keys the strict object at `path` accepts, or [] when the path does not lead to an object. */
export function knownKeysAt(schema: z.core.$ZodType, data: unknown, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  let value = data;
  for (const segment of path) {
    if (!current) return [];
    current = child(current, value, segment);
    value = at(value, segment);
  }
  if (!current) return [];
  const def = defOf(unwrap(current));
  if (def.type === 'union') {
    const option = pickOption(def, value);
    return option ? keysOf(option) : [];
  }
  return keysOf(current);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a small edit distance, for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(word.toLowerCase(), candidate.toLowerCase());
    if (score <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || score < best.score)) {
      best = { candidate, score };
    }
  }
  return best?.candidate;
}
