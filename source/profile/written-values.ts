// Vars and text defaults are strings as written: YAML would read `1.10` as 1.1 and `0123456` as 123456.
// Numbers stay numbers only where the schema asks for one (ports, timeouts, counts, a port field's default).
import type { LocatedNode } from './located-node.js';

function asWritten(node: LocatedNode): LocatedNode {
  return node.kind === 'scalar' && node.written !== undefined ? { ...node, value: node.written } : node;
}

function entry(node: LocatedNode | undefined, key: string): LocatedNode | undefined {
  return node?.kind === 'map' ? node.entries.get(key)?.value : undefined;
}

function rewrite(node: LocatedNode | undefined, key: string): void {
  if (node?.kind !== 'map') return;
  const found = node.entries.get(key);
  if (found) node.entries.set(key, { ...found, value: asWritten(found.value) });
}

/** Rewrites, in place, `vars.*` and the `default` of every non-port form field to their written text. */
export function keepWrittenText(root: LocatedNode): void {
  const vars = entry(root, 'vars');
  if (vars?.kind === 'map') for (const key of vars.entries.keys()) rewrite(vars, key);
  const forms = entry(root, 'forms');
  if (forms?.kind !== 'map') return;
  for (const { value: form } of forms.entries.values()) {
    const fields = entry(form, 'fields');
    if (fields?.kind !== 'seq') continue;
    for (const field of fields.items) {
      if (
        entry(field, 'type')?.kind === 'scalar' &&
        (entry(field, 'type') as { value: unknown }).value === 'port'
      )
        continue;
      rewrite(field, 'default');
    }
  }
}
