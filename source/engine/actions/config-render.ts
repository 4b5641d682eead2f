// Renders a YAML config template with the yaml Document API: comments, quoting styles and Go templates
// (`{{ .GroupLabels… }}`) survive; values are set as typed scalars, never pasted as text.
import { isScalar, parseDocument, visit } from 'yaml';
import { parseYamlPath } from './yaml-path.js';

/** A value to set: a plain scalar, or a string with the type it must have in the YAML. */
export type ConfigValue =
  string | number | boolean | { value: string; type: 'string' | 'int' | 'bool' | 'hostport' };

/** Everything rendering needs, after interpolation (plain context). */
export type RenderSpec = {
  /** Substring → replacement, applied to every string value scalar before `set`. */
  relocate?: Record<string, string>;
  set?: Record<string, ConfigValue>;
  unset?: string[];
  /** YAML path → file path: secrets referenced as files (e.g. `global.smtp_auth_password_file`). */
  references?: Record<string, string>;
};

/** Converts a typed value; throws naming the path when a string does not fit its type. */
function typedValue(path: string, value: ConfigValue): string | number | boolean {
  if (typeof value !== 'object') return value;
  switch (value.type) {
    case 'string':
      return value.value;
    case 'int': {
      if (!/^-?\d+$/.test(value.value.trim()))
        throw new Error(`config set ${path}: "${value.value}" is not an integer`);
      return Number.parseInt(value.value, 10);
    }
    case 'hostport':
      return hostPort(value.value);
    case 'bool': {
      const text = value.value.trim().toLowerCase();
      if (text === 'true' || text === 'yes' || text === '1') return true;
      if (text === 'false' || text === 'no' || text === '0') return false;
      throw new Error(`config set ${path}: "${value.value}" is not a boolean (true/false)`);
    }
  }
}

/**
 * `host:port` as Go's net.SplitHostPort (Alertmanager's smarthost) needs it: an IPv6 host in brackets.
 * The port never holds a colon, so the last colon splits; `::1:587` becomes `[::1]:587`.
 */
export function hostPort(text: string): string {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return text;
  const host = text.slice(0, colon);
  return host.includes(':') && !host.startsWith('[') ? `[${host}]${text.slice(colon)}` : text;
}

/**
 * The first rendered value (a `set` or `relocate` value) holding a secret, by its YAML path; null when none.
 * Looking at the values, not at the whole rendered text, keeps a password such as `: #` from matching the
 * template's own text (`color: #dc2626`).
 */
export function secretInValues(spec: RenderSpec, holdsSecret: (text: string) => boolean): string | null {
  for (const [path, value] of Object.entries(spec.set ?? {})) {
    const text = typeof value === 'object' ? value.value : String(value);
    if (holdsSecret(text)) return path;
  }
  for (const [from, to] of Object.entries(spec.relocate ?? {}))
    if (holdsSecret(to)) return `relocate ${from}`;
  return null;
}

/** Renders `template` (YAML text); throws when the template itself is not valid YAML. */
export function renderConfig(template: string, spec: RenderSpec): string {
  const doc = parseDocument(template, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new Error(`config template is not valid YAML: ${doc.errors[0]!.message}`);
  const relocate = Object.entries(spec.relocate ?? {}).filter(([from, to]) => from !== '' && from !== to);
  if (relocate.length > 0) {
    visit(doc, {
      Scalar(key, node) {
        if (key === 'key' || typeof node.value !== 'string') return;
        let text = node.value;
        for (const [from, to] of relocate) text = text.split(from).join(to);
        node.value = text;
      },
    });
  }
  for (const [path, value] of Object.entries(spec.set ?? {})) setScalar(doc, path, typedValue(path, value));
  for (const [path, file] of Object.entries(spec.references ?? {})) setScalar(doc, path, file);
  for (const path of spec.unset ?? []) doc.deleteIn(parseYamlPath(path));
  return doc.toString({ lineWidth: 0 });
}

function setScalar(
  doc: ReturnType<typeof parseDocument>,
  path: string,
  value: string | number | boolean,
): void {
  const segments = parseYamlPath(path);
  const existing = doc.getIn(segments, true);
  if (isScalar(existing)) {
    // Keep the node (its comment and, for strings, its quoting style); a typed value gets a plain style.
    existing.value = value;
    if (typeof value !== 'string') existing.type = 'PLAIN';
    return;
  }
  doc.setIn(segments, value);
}
