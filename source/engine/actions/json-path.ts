// Reading a value at a dot path (`data.host`, `items[0].name`) from parsed JSON.
import { parseYamlPath } from './yaml-path.js';

export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of parseYamlPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Parses JSON, or returns undefined (facts are JSON-parsed when possible, else kept as text). */
export function tryParseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{"]|^-?\d|^(true|false|null)$/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}
