// The located tree's types and the walk along a YAML path, without the YAML library: a profile read from the
// cache (profile-cache.ts) locates its values without loading it.

/** Where a node (or a mapping key) was written. */
export type Origin = { file: string; line: number; column: number; offset: number; end: number };

/** A YAML value with its origin; mapping entries also keep the origin of their key. */
export type LocatedNode =
  | { kind: 'map'; origin: Origin; entries: Map<string, { key: Origin; value: LocatedNode }> }
  | { kind: 'seq'; origin: Origin; items: LocatedNode[] }
  | { kind: 'scalar'; origin: Origin; value: unknown; written?: string };

/** The deepest node along a path (the whole path when it exists). */
export function nodeAt(root: LocatedNode, path: readonly PropertyKey[]): LocatedNode {
  let node = root;
  for (const segment of path) {
    const next =
      node.kind === 'map'
        ? node.entries.get(String(segment))?.value
        : node.kind === 'seq' && typeof segment === 'number'
          ? node.items[segment]
          : undefined;
    if (!next) return node;
    node = next;
  }
  return node;
}
