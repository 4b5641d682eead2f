// The `{{name}}` / `{{name | raw}}` syntax of architecture.md, parsed once and shared by the loader's static
// checks and by interpolation, so both agree on what a template refers to.

/** One piece of a template: literal text, a reference to a name, or a `{{…}}` we cannot read. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'name'; name: string; raw: boolean; text: string; index: number }
  | { kind: 'malformed'; text: string; index: number; reason: string };

const token = /\{\{(.*?)\}\}/gs;
const reference = /^([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)(?:\s*\|\s*([A-Za-z_]+))?$/;

/** Go templates (Alertmanager) start with `{{ .` or `{{- `: they are not ours and stay untouched. */
export function isForeignTemplate(template: string): boolean {
  return /^\{\{-?\s*\./.test(template);
}

function isForeignToken(inner: string): boolean {
  return /^-?\s*\./.test(inner) || /^-\s/.test(inner) || /\s-$/.test(inner);
}

/** Splits a template into text and references; a foreign (Go) template is one text part. */
export function parseTemplate(template: string): TemplatePart[] {
  if (isForeignTemplate(template)) return [{ kind: 'text', text: template }];
  const parts: TemplatePart[] = [];
  let last = 0;
  const text = (from: number, to: number): void => {
    const piece = template.slice(from, to);
    const open = piece.indexOf('{{');
    // An unclosed `{{app_base` would reach the shell literally: it is an error, not text.
    if (open >= 0) {
      if (open > 0) parts.push({ kind: 'text', text: piece.slice(0, open) });
      const rest = piece.slice(open);
      const shown = rest.length > 40 ? `${rest.slice(0, 37)}…` : rest;
      const reason = `unclosed "{{": expected {{name}} or {{name | raw}}, found ${JSON.stringify(shown)}`;
      parts.push({ kind: 'malformed', text: rest, index: from + open, reason });
    } else if (piece !== '') parts.push({ kind: 'text', text: piece });
  };
  for (const match of template.matchAll(token)) {
    const index = match.index;
    const inner = (match[1] ?? '').trim();
    if (index > last) text(last, index);
    const whole = match[0];
    last = index + whole.length;
    if (isForeignToken(inner)) {
      parts.push({ kind: 'text', text: whole });
      continue;
    }
    const found = reference.exec(inner);
    if (!found) {
      const reason = `expected {{name}} or {{name | raw}}, found ${whole}`;
      parts.push({ kind: 'malformed', text: whole, index, reason });
    } else if (found[2] !== undefined && found[2] !== 'raw') {
      const reason = `expected the filter "raw" (the only one), found "${found[2]}" in ${whole}`;
      parts.push({ kind: 'malformed', text: whole, index, reason });
    } else {
      parts.push({ kind: 'name', name: found[1]!, raw: found[2] === 'raw', text: whole, index });
    }
  }
  if (last < template.length) text(last, template.length);
  return parts;
}

/** The distinct names a template refers to, in order of first use. */
export function templateNames(template: string): string[] {
  const names = parseTemplate(template).flatMap((part) => (part.kind === 'name' ? [part.name] : []));
  return [...new Set(names)];
}
