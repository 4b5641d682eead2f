// Runtime (plain JavaScript): the small PHP subset `php artisan tinker` and `php -r` understand in the sandbox:
// assignments, echo, string/number/bool/null/array literals, concatenation, casts, $var['key'], a few
// functions (json_decode, stream_get_contents(STDIN), file_get_contents, base64_decode, trim, getenv, …) and
// static calls dispatched to `classes`. Anything else is a parse error: a mismatch must be loud, not ignored.

import { callFunction } from './php-functions.js';
import { ExitSignal, PhpError, toPhpString } from './php-values.js';

export { ExitSignal, PhpError, toPhpString };

function tokenize(source) {
  const tokens = [];
  let i = 0;
  const src = source.replace(/^\s*<\?php/, '');
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (src.startsWith('//', i) || ch === '#') {
      while (i < src.length && src[i] !== '\n') i += 1;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (src.startsWith('?>', i)) {
      i += 2;
      continue;
    }
    if (ch === "'") {
      let value = '';
      i += 1;
      while (i < src.length && src[i] !== "'") {
        if (src[i] === '\\' && (src[i + 1] === "'" || src[i + 1] === '\\')) {
          value += src[i + 1];
          i += 2;
        } else {
          value += src[i];
          i += 1;
        }
      }
      if (i >= src.length) throw new PhpError('PHP Parse error: unterminated string');
      i += 1;
      tokens.push({ t: 'str', v: value });
      continue;
    }
    if (ch === '"') {
      let value = '';
      i += 1;
      const escapes = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$', 0: '\0' };
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && escapes[src[i + 1]] !== undefined) {
          value += escapes[src[i + 1]];
          i += 2;
        } else if (src[i] === '$' && /[A-Za-z_]/.test(src[i + 1] || ''))
          throw new PhpError(
            'PHP Parse error: variable interpolation in "…" is not supported by the sandbox; use concatenation',
          );
        else {
          value += src[i];
          i += 1;
        }
      }
      if (i >= src.length) throw new PhpError('PHP Parse error: unterminated string');
      i += 1;
      tokens.push({ t: 'str', v: value });
      continue;
    }
    let m;
    if ((m = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)))) {
      tokens.push({ t: 'var', v: m[0].slice(1) });
      i += m[0].length;
      continue;
    }
    if (
      (m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))) &&
      !(tokens.length && ['str', 'num', 'var', 'id'].includes(tokens[tokens.length - 1].t) && ch === '-')
    ) {
      tokens.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if ((m = /^\\?[A-Za-z_][A-Za-z0-9_]*(\\[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i)))) {
      tokens.push({ t: 'id', v: m[0].replace(/^\\/, '') });
      i += m[0].length;
      continue;
    }
    const ops = ['::', '->', '=>', '??', '===', '==', '!==', '!='];
    const op = ops.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    if ('();,=.[]'.includes(ch)) {
      tokens.push({ t: 'op', v: ch });
      i += 1;
      continue;
    }
    throw new PhpError('PHP Parse error: syntax error, unexpected "' + ch + '"');
  }
  return tokens;
}
/** A recursive-descent parser that runs the statements as it reads them. */
class PhpRun {
  constructor(tokens, env) {
    this.tokens = tokens;
    this.env = env;
    this.vars = env.vars || {};
    this.pos = 0;
  }

  peek(v) {
    const tok = this.tokens[this.pos];
    return Boolean(tok) && tok.t === 'op' && tok.v === v;
  }

  expect(v) {
    if (!this.peek(v))
      throw new PhpError(
        'PHP Parse error: syntax error, expected "' + v + '" near ' + this.describe(this.tokens[this.pos]),
      );
    this.pos += 1;
  }

  describe(tok) {
    return tok ? JSON.stringify(tok.v) : 'end of input';
  }

  args() {
    this.expect('(');
    const list = [];
    while (!this.peek(')')) {
      list.push(this.expression());
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    return list;
  }

  arrayLiteral(close) {
    const result = {};
    let index = 0;
    let isList = true;
    while (!this.peek(close)) {
      const first = this.expression();
      if (this.peek('=>')) {
        this.pos += 1;
        result[first] = this.expression();
        isList = false;
      } else result[index++] = first;
      if (!this.peek(close)) this.expect(',');
    }
    this.expect(close);
    return isList ? Object.values(result) : result;
  }

  primary() {
    const tok = this.tokens[this.pos];
    if (!tok) throw new PhpError('PHP Parse error: unexpected end of input');
    if (tok.t === 'str' || tok.t === 'num') {
      this.pos += 1;
      return tok.v;
    }
    if (tok.t === 'var') {
      this.pos += 1;
      if (!(tok.v in this.vars)) this.env.warn('PHP Warning:  Undefined variable $' + tok.v);
      let value = this.vars[tok.v] ?? null;
      while (this.peek('[')) {
        this.pos += 1;
        const key = this.expression();
        this.expect(']');
        value = value === null || value === undefined ? null : (value[key] ?? null);
      }
      return value;
    }
    if (tok.t === 'op' && tok.v === '(') {
      this.pos += 1;
      const cast = this.tokens[this.pos];
      if (
        cast &&
        cast.t === 'id' &&
        this.tokens[this.pos + 1] &&
        this.tokens[this.pos + 1].v === ')' &&
        ['string', 'int', 'bool', 'integer'].includes(cast.v)
      ) {
        this.pos += 2;
        const value = this.primary();
        if (cast.v === 'string') return toPhpString(value);
        if (cast.v === 'bool') return Boolean(value);
        return Number.parseInt(String(value), 10) || 0;
      }
      const value = this.expression();
      this.expect(')');
      return value;
    }
    if (tok.t === 'op' && tok.v === '[') {
      this.pos += 1;
      return this.arrayLiteral(']');
    }
    if (tok.t === 'id') {
      this.pos += 1;
      const lower = tok.v.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (tok.v === 'STDIN') return 'STDIN';
      if (tok.v === 'PHP_EOL') return '\n';
      if (lower === 'array' && this.peek('(')) {
        this.pos += 1;
        return this.arrayLiteral(')');
      }
      if (this.peek('::')) {
        this.pos += 1;
        const method = this.tokens[this.pos];
        if (!method || method.t !== 'id')
          throw new PhpError('PHP Parse error: expected a method name after ' + tok.v + '::');
        this.pos += 1;
        let value = this.env.callStatic(tok.v, method.v, this.args());
        while (this.peek('->')) {
          this.pos += 1;
          const next = this.tokens[this.pos];
          this.pos += 1;
          value = this.env.callMethod(value, next.v, this.peek('(') ? this.args() : null);
        }
        return value;
      }
      if (this.peek('(')) return callFunction(tok.v, this.args(), this.env);
      throw new PhpError('PHP Error: Undefined constant "' + tok.v + '"');
    }
    throw new PhpError('PHP Parse error: syntax error, unexpected ' + this.describe(tok));
  }

  expression() {
    let value = this.primary();
    for (;;) {
      if (this.peek('.')) {
        this.pos += 1;
        value = toPhpString(value) + toPhpString(this.primary());
      } else if (this.peek('??')) {
        this.pos += 1;
        const other = this.primary();
        value = value === null || value === undefined ? other : value;
      } else return value;
    }
  }

  statement() {
    const tok = this.tokens[this.pos];
    if (tok.t === 'op' && tok.v === ';') {
      this.pos += 1;
      return;
    }
    if (tok.t === 'id' && (tok.v === 'echo' || tok.v === 'print')) {
      this.pos += 1;
      this.env.echo(toPhpString(this.expression()));
      while (this.peek(',')) {
        this.pos += 1;
        this.env.echo(toPhpString(this.expression()));
      }
    } else if (tok.t === 'id' && (tok.v === 'exit' || tok.v === 'quit' || tok.v === 'die')) {
      this.pos += 1;
      let code = 0;
      if (this.peek('(')) {
        const list = this.args();
        code = list[0] ?? 0;
      }
      throw new ExitSignal(code);
    } else if (tok.t === 'var' && this.tokens[this.pos + 1] && this.tokens[this.pos + 1].v === '=') {
      this.pos += 2;
      this.vars[tok.v] = this.expression();
    } else this.expression();
    if (this.pos < this.tokens.length) this.expect(';');
  }
}

export function runPhp(source, env) {
  const run = new PhpRun(tokenize(source), env);
  while (run.pos < run.tokens.length) run.statement();
  return run.vars;
}
