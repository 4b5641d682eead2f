// A YAML document as a tree whose every node remembers the file and offset it came from. Profiles are merged
// on this tree (extends), so an issue found after merging still points at the file that defined the value.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { nodeAt, type LocatedNode, type Origin } from './located-path.js';

export { nodeAt, type LocatedNode, type Origin };

/** Nodes that aliases may add to one file: far above any real profile, far below an alias bomb. */
export const aliasExpansionLimit = 10_000;

type Source = { file: string; doc: Document; lines: LineCounter; expanded: number; aliased: number };

function originAt(source: Source, offset: number, end = offset): Origin {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col, offset, end };
}

function locate(node: Node | null | undefined, source: Source, fallback: Origin, depth: number): LocatedNode {
  if (depth > 200) throw new Error(`${fallback.file}:${fallback.line}: YAML nested too deeply (alias loop?)`);
  if (isAlias(node)) {
    source.expanded -= 1;
    const located = locate(node.resolve(source.doc) ?? null, source, fallback, depth + 1);
    source.expanded += 1;
    return located;
  }
  // `expanded` counts down inside aliases: every node built there is a copy the file did not write.
  if (source.expanded < 0 && ++source.aliased > aliasExpansionLimit)
    throw new Error(
      `${fallback.file}:${fallback.line}: YAML aliases expand to more than ${aliasExpansionLimit} nodes; write the values out instead`,
    );
  const origin = node?.range ? originAt(source, node.range[0], node.range[1]) : fallback;
  if (isMap(node)) {
    const entries = new Map<string, { key: Origin; value: LocatedNode }>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = keyNode?.range ? originAt(source, keyNode.range[0], keyNode.range[1]) : origin;
      const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      entries.set(name, { key, value: locate(pair.value as Node | null, source, key, depth + 1) });
    }
    return { kind: 'map', origin, entries };
  }
  if (isSeq(node)) {
    return {
      kind: 'seq',
      origin,
      items: node.items.map((item) => locate(item as Node, source, origin, depth + 1)),
    };
  }
  if (!isScalar(node)) return { kind: 'scalar', origin, value: null };
  // A plain scalar YAML read as a number or boolean keeps its text: `1.10` is not `1.1` where text is wanted.
  const written = node.type === 'PLAIN' && typeof node.value !== 'string' ? node.source : undefined;
  return { kind: 'scalar', origin, value: node.value, ...(written !== undefined && { written }) };
}

/** The located tree of a parsed document. */
export function locateDocument(file: string, doc: Document, lines: LineCounter): LocatedNode {
  const source = { file, doc, lines, expanded: 0, aliased: 0 };
  return locate(doc.contents as Node | null, source, originAt(source, 0), 0);
}

/** Plain JavaScript data (what zod validates). */
export function toPlain(node: LocatedNode): unknown {
  switch (node.kind) {
    case 'map':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, toPlain(entry.value)]));
    case 'seq':
      return node.items.map(toPlain);
    case 'scalar':
      return node.value;
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}

/** The origin of the last key of a path (a mapping key), else of the deepest node. */
export function keyOriginAt(root: LocatedNode, path: readonly PropertyKey[]): Origin {
  const parent = nodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (parent.kind === 'map' && key !== undefined) {
    const entry = parent.entries.get(String(key));
    if (entry) return entry.key;
  }
  return nodeAt(root, path).origin;
}
