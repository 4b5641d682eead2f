// `extends` merge: mappings (hosts, vars, forms, settings, rollback, logs, …) merge key by key, recursively;
// sequences (phases, checks, assess, steps, fields) are replaced whole by the child. One exception: a host
// entry is replaced whole, because its address, port and pinned fingerprint belong together (a sandbox
// host `embedded: true` must not inherit production's address). Merging works on located nodes, so every
// value keeps the origin of the file that defined it.
import type { LocatedNode } from './located-node.js';

function replacedWhole(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'hosts';
}

function merge(base: LocatedNode, child: LocatedNode, path: string[]): LocatedNode {
  if (base.kind !== 'map' || child.kind !== 'map' || replacedWhole(path)) return child;
  const entries = new Map(base.entries);
  for (const [key, entry] of child.entries) {
    const inherited = entries.get(key);
    entries.set(
      key,
      inherited ? { key: entry.key, value: merge(inherited.value, entry.value, [...path, key]) } : entry,
    );
  }
  return { kind: 'map', origin: child.origin, entries };
}

/** Merges a chain given child first (`[child, base, base's base]`) into one tree. */
export function mergeChain(roots: readonly LocatedNode[]): LocatedNode {
  return roots.reduceRight((merged, child) => merge(merged, child, []));
}
