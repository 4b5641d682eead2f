// A probe's parser: its output becomes named facts (pure).
import { basename } from 'node:path';
import type { ProbeParse } from '../../profile/schema.js';
import { getPath, tryParseJson } from '../actions/json-path.js';

/** Turns a probe's output into facts (pure). */
export function parseProbe(parse: ProbeParse, stdout: string): Record<string, unknown> {
  const text = stdout.trim();
  switch (parse.kind) {
    case 'text':
      return { [parse.fact]: text };
    case 'int': {
      const value = Number.parseInt(text, 10);
      return { [parse.fact]: Number.isNaN(value) ? null : value };
    }
    case 'lines':
      return {
        [parse.fact]:
          text === ''
            ? []
            : text
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l !== ''),
      };
    case 'basename':
      return { [parse.fact]: basename(text.replace(/\/+$/, '')) };
    case 'keyvalue': {
      const pairs: Record<string, string> = {};
      const all = new Map<string, string[]>();
      for (const line of text.split('\n')) {
        const match = /^\s*([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
        if (!match) continue;
        const value = match[2]!.trim().replace(/^"(.*)"$/, '$1');
        pairs[match[1]!] = value;
        all.set(match[1]!, [...(all.get(match[1]!) ?? []), value]);
      }
      return Object.fromEntries([
        ...Object.entries(parse.facts).map(([fact, key]) => [fact, pairs[key] ?? null]),
        ...Object.entries(parse.lists ?? {}).map(([fact, key]) => [fact, all.get(key) ?? []]),
      ]);
    }
    case 'json': {
      const parsed = tryParseJson(text);
      return Object.fromEntries(
        Object.entries(parse.facts).map(([fact, path]) => [
          fact,
          parsed === undefined ? null : (getPath(parsed, path) ?? null),
        ]),
      );
    }
    case 'regex': {
      const match = new RegExp(parse.pattern, 'm').exec(stdout);
      return Object.fromEntries(
        Object.entries(parse.facts).map(([fact, group]) => {
          const value = /^\d+$/.test(group) ? match?.[Number(group)] : match?.groups?.[group];
          return [fact, value ?? null];
        }),
      );
    }
    default: {
      const unreachable: never = parse;
      return unreachable;
    }
  }
}
