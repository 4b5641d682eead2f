// One redactor per run: it knows every secret value and the forms the value takes on its way to a host
// (shell-quoted, JSON-escaped, URL-encoded, base64), and masks them in strings and whole events.

/** What replaces a secret in any output, event, journal line or report. */
export const mask = '***';

/** Secrets shorter than this are not matched on their own: masking single characters would garble output. */
const minimumLength = 2;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The encodings a secret can take in commands, JSON bodies, URLs and files. */
export function secretVariants(secret: string): string[] {
  const shellBody = secret.replace(/'/g, `'\\''`);
  const json = JSON.stringify(secret).slice(1, -1);
  const jsonAscii = json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const variants = [
    secret,
    `'${shellBody}'`,
    shellBody,
    json,
    jsonAscii,
    jsonAscii.replace(/\//g, '\\/'),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
  return [...new Set(variants)].filter((v) => v.length >= minimumLength);
}

/** Masks every known secret; secrets are added as they become known (form values, facts at secret_paths). */
export class Redactor {
  private readonly secrets = new Set<string>();
  private variants: string[] = [];
  private pattern: RegExp | null = null;
  /** Multi-line variants split at newlines, for redacting output that arrives line by line. */
  private multiline: string[][] = [];

  /** Registers a secret value (ignored when empty or shorter than 2 characters). */
  add(secret: string | undefined | null): void {
    if (secret === undefined || secret === null) return;
    const value = String(secret);
    if (value.length < minimumLength || this.secrets.has(value)) return;
    this.secrets.add(value);
    // A multi-line secret is also registered without its trailing newline (how shells print it).
    const trimmed = value.replace(/\r?\n$/, '');
    if (trimmed !== value && trimmed.length >= minimumLength) this.secrets.add(trimmed);
    this.rebuild();
  }

  /** True when at least one secret is known. */
  get active(): boolean {
    return this.pattern !== null;
  }

  /** The secret parts split at newlines, longest variants first. */
  multilineVariants(): readonly string[][] {
    return this.multiline;
  }

  redact(text: string): string {
    if (this.pattern === null || text.length === 0) return text;
    return text.replace(this.pattern, mask);
  }

  /** Redacts every string inside a JSON-like value (events, facts, form values); returns a copy. */
  redactDeep<T>(value: T): T {
    if (this.pattern === null) return value;
    return this.walk(value) as T;
  }

  /** A per-stream redactor for output that arrives line by line (a secret may span lines). */
  lineRedactor(): LineRedactor {
    return new LineRedactor(this);
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = this.walk(item);
      return copy;
    }
    return value;
  }

  private rebuild(): void {
    const all = new Set<string>();
    for (const secret of this.secrets) for (const variant of secretVariants(secret)) all.add(variant);
    // Longest first so that a longer form is masked whole before a shorter one matches inside it.
    this.variants = [...all].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(this.variants.map(escapeRegExp).join('|'), 'g');
    this.multiline = this.variants
      .filter((v) => v.includes('\n'))
      .map((v) => v.split(/\r?\n/))
      .filter((parts) => (parts[0] ?? '').length >= 3);
  }
}

/** Redacts one stream's lines, remembering when a line ended with the start of a multi-line secret. */
class LineRedactor {
  /** Parts still expected: each entry is the remaining parts of one multi-line secret. */
  private pending: string[][] = [];

  constructor(private readonly redactor: Redactor) {}

  line(raw: string): string {
    if (!this.redactor.active) return raw;
    let prefix = 0;
    const nextPending: string[][] = [];
    for (const parts of this.pending) {
      const [part, ...rest] = parts;
      if (part === undefined) continue;
      if (rest.length === 0 && raw.startsWith(part)) prefix = Math.max(prefix, part.length);
      else if (rest.length > 0 && raw === part) {
        prefix = raw.length;
        nextPending.push(rest);
      }
    }
    let suffix = 0;
    for (const parts of this.redactor.multilineVariants()) {
      const [first, ...rest] = parts;
      if (first !== undefined && raw.endsWith(first) && raw.length - first.length >= prefix) {
        suffix = Math.max(suffix, first.length);
        nextPending.push(rest);
      }
    }
    this.pending = nextPending;
    const middle = raw.slice(prefix, raw.length - suffix);
    return (prefix > 0 ? mask : '') + this.redactor.redact(middle) + (suffix > 0 ? mask : '');
  }
}
