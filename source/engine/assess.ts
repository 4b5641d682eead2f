// The read-only assessment: probes run, and their parsers turn output into named facts for the report.
import { basename } from 'node:path';
import type { Probe, ProbeParse } from '../profile/schema.js';
import { getPath, tryParseJson } from './json-path.js';
import { observe } from './read-only-item.js';
import type { RunContext } from './run-context.js';

/** One probe's result: its facts, or why it produced none. */
export type ProbeResult = {
  id: string;
  title: string;
  host: string;
  ok: boolean;
  detail: string;
  facts: Record<string, unknown>;
};

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
      for (const line of text.split('\n')) {
        const match = /^\s*([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
        if (match) pairs[match[1]!] = match[2]!.trim().replace(/^"(.*)"$/, '$1');
      }
      return Object.fromEntries(Object.entries(parse.facts).map(([fact, key]) => [fact, pairs[key] ?? null]));
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

export async function runProbes(run: RunContext, probes: Probe[]): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    if (run.signal.aborted) break;
    const started = performance.now();
    run.emit({
      type: 'step-started',
      phaseId: 'assess',
      stepId: probe.id,
      host: probe.host,
      title: probe.title,
      description: 'read-only probe',
    });
    let result: ProbeResult;
    try {
      const observed = await observe(run, 'assess', probe);
      const failed =
        (observed.exit !== undefined && observed.exit !== 0) ||
        (observed.status !== undefined && observed.status >= 400);
      const facts = parseProbe(probe.parse, observed.stdout);
      const detail =
        observed.status !== undefined ? `HTTP ${observed.status}` : `exit ${observed.exit ?? 'none'}`;
      result = { id: probe.id, title: probe.title, host: probe.host, ok: !failed, detail, facts };
    } catch (error) {
      result = {
        id: probe.id,
        title: probe.title,
        host: probe.host,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
        facts: {},
      };
    }
    result = run.redactor.redactDeep(result);
    for (const [name, value] of Object.entries(result.facts)) {
      run.scope.setFact(name, value);
      run.emit({
        type: 'fact-recorded',
        name,
        value: typeof value === 'string' ? value : JSON.stringify(value),
      });
    }
    run.emit({
      type: 'step-finished',
      stepId: probe.id,
      outcome: result.ok ? 'ok' : 'failed',
      durationMs: performance.now() - started,
      ...(result.ok ? {} : { reason: result.detail }),
    });
    results.push(result);
  }
  return results;
}
