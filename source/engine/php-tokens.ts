// A small tokenizer for PHP source: enough to read Laravel migrations by their calls (names, `::`, `->`,
// strings, brackets) with comments gone, so a `drop` in a comment or a string never reads as a call.
/** One token: a string literal (its text), a `$variable`, a name, a number or punctuation. */
export type PhpToken = {
  kind: 'string' | 'variable' | 'name' | 'number' | 'punct';
  text: string;
  /** A double-quoted string or heredoc with `$…` in it: its value is only known at run time. */
  interpolated?: true;
};

const interpolates = (body: string): boolean => /(^|[^\\])\$[A-Za-z_{]|\{\$/.test(body);

const twoChar = new Set(['::', '->', '=>', '?-', '==', '!=', '<=', '>=', '&&', '||', '??', '.=', '++', '--']);

/** The value of a single-quoted literal's body ('\\' and '\'' are its only escapes). */
const singleQuoted = (body: string): string => body.replace(/\\([\\'])/g, '$1');

/** Index just past a quoted literal starting at `start` (its opening quote), or the end of the text. */
function quotedEnd(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, source.length);
}

/** Heredoc / nowdoc (`<<<EOT`, `<<<'EOT'`): its body and the index past its closing label. */
function heredoc(source: string, start: number): { body: string; end: number } | null {
  const head = /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1\r?\n/.exec(source.slice(start));
  if (!head) return null;
  const label = head[2]!;
  const bodyStart = start + head[0].length;
  const close = new RegExp(`^[ \\t]*${label}\\b`, 'm');
  const rest = source.slice(bodyStart);
  const m = close.exec(rest);
  if (!m) return { body: rest, end: source.length };
  return { body: rest.slice(0, m.index), end: bodyStart + m.index + m[0].length };
}

export function phpTokens(source: string): PhpToken[] {
  const out: PhpToken[] = [];
  let i = source.startsWith('<?php') ? 5 : 0;
  while (i < source.length) {
    const c = source[i]!;
    const two = source.slice(i, i + 2);
    if (/\s/.test(c)) i += 1;
    else if (two === '//' || (c === '#' && source[i + 1] !== '[')) {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? source.length : nl + 1;
    } else if (two === '/*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === "'" || c === '"') {
      const end = quotedEnd(source, i);
      const body = source.slice(i + 1, end - 1);
      out.push({
        kind: 'string',
        text: c === "'" ? singleQuoted(body) : body,
        ...(c === '"' && interpolates(body) ? { interpolated: true as const } : {}),
      });
      i = end;
    } else if (source.startsWith('<<<', i) && heredoc(source, i)) {
      const doc = heredoc(source, i)!;
      const nowdoc = /^<<<[ \t]*'/.test(source.slice(i));
      out.push({
        kind: 'string',
        text: doc.body,
        ...(!nowdoc && interpolates(doc.body) ? { interpolated: true as const } : {}),
      });
      i = doc.end;
    } else if (c === '$' && /[A-Za-z_]/.test(source[i + 1] ?? '')) {
      const m = /^\$\w+/.exec(source.slice(i))!;
      out.push({ kind: 'variable', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_\\]/.test(c)) {
      const m = /^\\?[A-Za-z_]\w*(\\[A-Za-z_]\w*)*/.exec(source.slice(i));
      if (!m) {
        out.push({ kind: 'punct', text: c });
        i += 1;
        continue;
      }
      out.push({ kind: 'name', text: m[0] });
      i += m[0].length;
    } else if (/\d/.test(c)) {
      const m = /^\d[\w.]*/.exec(source.slice(i))!;
      out.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (source.startsWith('?->', i)) {
      out.push({ kind: 'punct', text: '->' });
      i += 3;
    } else if (twoChar.has(two) && two !== '?-') {
      out.push({ kind: 'punct', text: two });
      i += 2;
    } else {
      out.push({ kind: 'punct', text: c });
      i += 1;
    }
  }
  return out;
}

/** The last segment of a possibly qualified name (`\Illuminate\Support\Facades\Schema` → `Schema`). */
export const baseName = (name: string): string => name.slice(name.lastIndexOf('\\') + 1);

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`), or the last index when unbalanced. */
export function closing(tokens: readonly PhpToken[], open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (pairs[t.text]) stack.push(pairs[t.text]!);
    else if (t.text === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return tokens.length - 1;
}
