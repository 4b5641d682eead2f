// Vars may reference vars; a cycle would never finish expanding, so it is a profile error naming the chain.
import type { IssueSink } from './issue-sink.js';
import { classifyName, type NameCatalog } from './name-catalog.js';
import type { Profile } from './schema.js';
import { templateNames } from './template-syntax.js';

/** Reports each var cycle once, on the first var of the cycle in declaration order. */
export function checkVarCycles(profile: Profile, catalog: NameCatalog, sink: IssueSink): void {
  const refs = new Map<string, string[]>();
  for (const [name, value] of Object.entries(profile.vars)) {
    const names = typeof value === 'string' ? templateNames(value) : [];
    refs.set(
      name,
      names.filter((ref) => classifyName(ref, catalog) === 'var'),
    );
  }
  const done = new Set<string>();
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (stack.includes(name)) {
      const cycle = stack.slice(stack.indexOf(name));
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        sink.at(
          ['vars', cycle[0]!],
          `var cycle: ${[...cycle, name].join(' → ')}; expected vars to end in plain text`,
        );
      }
      return;
    }
    if (done.has(name)) return;
    for (const ref of refs.get(name) ?? []) visit(ref, [...stack, name]);
    done.add(name);
  };
  for (const name of refs.keys()) visit(name, []);
}
