// A tokenizer for PHP's syntax as route files and migrations use it (pure). It never throws: what it cannot read becomes
// an `other` token, so the parser can say where and what, and the rest of the file still reads.

/** One token; `line` is 1-based. Strings carry their decoded value; `dynamic` when they interpolate. */
export type PhpToken =
  | { kind: 'string'; value: string; dynamic: boolean; line: number }
  | { kind: 'number'; value: string; line: number }
  | { kind: 'name'; value: string; line: number }
  | { kind: 'variable'; value: string; line: number }
  | { kind: 'punct'; value: string; line: number }
  | { kind: 'other'; value: string; line: number };

const puncts = [
  '<=>', '**=', '...', '??=', '?->', '===', '!==', '<<=', '>>=',
  '::', '->', '=>', '??', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '.=', '+=', '-=', '*=', '/=', '<<', '>>',
]; // prettier-ignore
const punctSet = new Set(puncts);
const singles = '()[]{},;.:=?!<>+-*/%&|^~@';

const singleEscapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  v: '\v',
  e: '\x1b',
  f: '\f',
  '0': '\0',
};

/** A double-quoted (or heredoc) body: escapes decoded; `$name` or `{$` makes it dynamic. */
function decodeDouble(body: string): { value: string; dynamic: boolean } {
  let value = '';
  let dynamic = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      const next = body[i + 1]!;
      if (next in singleEscapes) value += singleEscapes[next];
      else if (next === '\\' || next === '$' || next === '"') value += next;
      else value += c + next;
      i++;
    } else {
      if ((c === '$' && /[A-Za-z_{]/.test(body[i + 1] ?? '')) || (c === '{' && body[i + 1] === '$'))
        dynamic = true;
      value += c;
    }
  }
  return { value, dynamic };
}

/** Index after the string that opens at `start` (its quote), or -1 when it never closes. */
function stringEnd(src: string, start: number): number {
  const quote = src[start];
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === quote) return i + 1;
  }
  return -1;
}

/** A heredoc or nowdoc at `start` (`<<<`): its token and end, or null when it is not one. */
function heredoc(src: string, start: number, line: number): { token: PhpToken; end: number } | null {
  const head = /^<<<[ \t]*(["']?)([A-Za-z_]\w*)\1\r?\n/.exec(src.slice(start, start + 200));
  if (!head) return null;
  const label = head[2]!;
  const bodyStart = start + head[0].length;
  const close = new RegExp(`^[ \\t]*${label}\\b`, 'm');
  const rest = src.slice(bodyStart);
  const m = close.exec(rest);
  const bodyEnd = m ? bodyStart + m.index : src.length;
  const body = src.slice(bodyStart, bodyEnd).replace(/\r?\n$/, '');
  const end = m ? bodyEnd + m[0].length : src.length;
  const decoded = head[1] === "'" ? { value: body, dynamic: false } : decodeDouble(body);
  return { token: { kind: 'string', ...decoded, line }, end };
}

const nameWord = /\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*/y;

/** A sticky match at `index` (no copy of the rest of the source: files can be long). */
function at(pattern: RegExp, src: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(src);
}

/** The tokens of PHP source; text outside `<?php … ?>` is skipped, comments dropped. */
export function tokenize(src: string): PhpToken[] {
  const out: PhpToken[] = [];
  let i = 0;
  let line = 1;
  const skipTo = (end: number): void => {
    for (let k = i; k < end; k++) if (src.charCodeAt(k) === 10) line++;
    i = end;
  };
  // inline HTML before the first open tag
  const open = src.indexOf('<?php');
  skipTo(open === -1 ? (src.trimStart().startsWith('<?') ? src.indexOf('<?') + 2 : 0) : open + 5);
  while (i < src.length) {
    const c = src[i]!;
    const rest2 = src.slice(i, i + 2);
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v')
      skipTo(at(/\s+/y, src, i)![0].length + i);
    else if (rest2 === '?>') {
      const next = src.indexOf('<?php', i);
      skipTo(next === -1 ? src.length : next + 5);
    } else if (rest2 === '//' || (c === '#' && src[i + 1] !== '[')) {
      const end = at(/[^\n?]*(?:\?(?!>)[^\n?]*)*/y, src, i)![0].length;
      skipTo(i + end);
    } else if (rest2 === '/*') {
      const end = src.indexOf('*/', i + 2);
      skipTo(end === -1 ? src.length : end + 2);
    } else if (c === '#') {
      // an attribute `#[...]`: skipped like a comment up to its closing bracket
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === '[') depth++;
        else if (src[j] === ']' && --depth === 0) break;
      }
      skipTo(Math.min(j + 1, src.length));
    } else if (c === "'" || c === '"') {
      const end = stringEnd(src, i);
      if (end === -1) {
        out.push({ kind: 'other', value: `unterminated string ${src.slice(i, i + 20)}…`, line });
        skipTo(src.length);
        continue;
      }
      const body = src.slice(i + 1, end - 1);
      const decoded =
        c === "'" ? { value: body.replace(/\\(['\\])/g, '$1'), dynamic: false } : decodeDouble(body);
      out.push({ kind: 'string', ...decoded, line });
      skipTo(end);
    } else if (src.startsWith('<<<', i)) {
      const doc = heredoc(src, i, line);
      if (doc) {
        out.push(doc.token);
        skipTo(doc.end);
      } else {
        out.push({ kind: 'punct', value: '<<', line });
        skipTo(i + 2);
      }
    } else if (c === '$' && /[A-Za-z_]/.test(src[i + 1] ?? '')) {
      const m = at(/\$\w+/y, src, i)!;
      out.push({ kind: 'variable', value: m[0].slice(1), line });
      skipTo(i + m[0].length);
    } else if (/[A-Za-z_\\\x80-\uffff]/.test(c)) {
      const m = at(nameWord, src, i);
      if (!m) {
        out.push({ kind: 'other', value: c, line });
        skipTo(i + 1);
        continue;
      }
      out.push({ kind: 'name', value: m[0], line });
      skipTo(i + m[0].length);
    } else if (/\d/.test(c)) {
      const m = at(/0[xX][\da-fA-F_]+|0[bB][01_]+|[\d_]*\.?[\d_]+(?:[eE][+-]?\d+)?/y, src, i)!;
      out.push({ kind: 'number', value: m[0], line });
      skipTo(i + Math.max(1, m[0].length));
    } else {
      const p = [src.slice(i, i + 3), src.slice(i, i + 2)].find((q) => punctSet.has(q));
      if (p) {
        out.push({ kind: 'punct', value: p, line });
        skipTo(i + p.length);
      } else {
        out.push({ kind: singles.includes(c) ? 'punct' : 'other', value: c, line });
        skipTo(i + 1);
      }
    }
  }
  return out;
}

// The migration reader (migration-changes.ts) walks the flat token list: the same tokens in its shape, where a
// variable keeps its `$`, `?->` reads as `->` and a string says whether it interpolates.

/** A token as the migration reader reads it. */
export type FlatToken = {
  kind: 'string' | 'variable' | 'name' | 'number' | 'punct';
  text: string;
  /** A double-quoted string or heredoc with `$…` in it: its value is only known at run time. */
  interpolated?: true;
};

export function phpTokens(source: string): FlatToken[] {
  return tokenize(source).map((t): FlatToken => {
    switch (t.kind) {
      case 'string':
        return { kind: 'string', text: t.value, ...(t.dynamic ? { interpolated: true as const } : {}) };
      case 'variable':
        return { kind: 'variable', text: `$${t.value}` };
      case 'punct':
        return { kind: 'punct', text: t.value === '?->' ? '->' : t.value };
      case 'other':
        return { kind: 'punct', text: t.value };
      case 'name':
      case 'number':
        return { kind: t.kind, text: t.value };
      default: {
        const never: never = t;
        throw new Error(`unknown token ${String(never)}`);
      }
    }
  });
}

/** The last segment of a possibly qualified name (`\Illuminate\Support\Facades\Schema` → `Schema`). */
export const baseName = (name: string): string => name.slice(name.lastIndexOf('\\') + 1);

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`), or the last index when unbalanced. */
export function closing(tokens: readonly FlatToken[], open: number): number {
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
