// Runtime (plain JavaScript): the small PHP subset `php artisan tinker` and `php -r` understand in the sandbox:
// assignments, echo, string/number/bool/null/array literals, concatenation, casts, $var['key'], a few
// functions (json_decode, stream_get_contents(STDIN), file_get_contents, base64_decode, trim, getenv, …) and
// static calls dispatched to `classes`. Anything else is a parse error: a mismatch must be loud, not ignored.

export class PhpError extends Error {}

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

export function runPhp(source, env) {
  const tokens = tokenize(source);
  const vars = env.vars || {};
  let pos = 0;
  const peek = (v) => tokens[pos] && tokens[pos].t === 'op' && tokens[pos].v === v;
  const expect = (v) => {
    if (!peek(v))
      throw new PhpError('PHP Parse error: syntax error, expected "' + v + '" near ' + describe(tokens[pos]));
    pos += 1;
  };
  const describe = (tok) => (tok ? JSON.stringify(tok.v) : 'end of input');

  function args() {
    expect('(');
    const list = [];
    while (!peek(')')) {
      list.push(expression());
      if (!peek(')')) expect(',');
    }
    expect(')');
    return list;
  }

  function arrayLiteral(close) {
    const result = {};
    let index = 0;
    let isList = true;
    while (!peek(close)) {
      const first = expression();
      if (peek('=>')) {
        pos += 1;
        result[first] = expression();
        isList = false;
      } else result[index++] = first;
      if (!peek(close)) expect(',');
    }
    expect(close);
    return isList ? Object.values(result) : result;
  }

  function callFunction(name, list) {
    const fn = name.toLowerCase();
    switch (fn) {
      case 'json_decode': {
        try {
          return JSON.parse(String(list[0]));
        } catch (_e) {
          return null;
        }
      }
      case 'json_encode':
        return JSON.stringify(list[0]);
      case 'stream_get_contents':
        return env.readStdin();
      case 'file_get_contents':
        if (list[0] === 'php://stdin') return env.readStdin();
        return env.readFile(String(list[0]));
      case 'base64_decode':
        return Buffer.from(String(list[0]), 'base64').toString('utf8');
      case 'trim':
        return String(list[0]).trim();
      case 'rtrim': {
        // PHP's default list is " \t\n\r\0\x0B"; a second argument names the characters to strip
        const strip = list.length > 1 ? String(list[1]) : ' \t\n\r\0\x0B';
        let text = String(list[0]);
        while (text.length > 0 && strip.includes(text[text.length - 1])) text = text.slice(0, -1);
        return text;
      }
      case 'getenv':
        return process.env[String(list[0])] ?? false;
      case 'intval':
        return Number.parseInt(String(list[0]), 10) || 0;
      case 'strval':
        return toPhpString(list[0]);
      case 'fgets':
        return env.readStdinLine();
      case 'var_dump':
      case 'print_r':
        env.echo(JSON.stringify(list[0], null, 2) + '\n');
        return true;
      case 'exit':
      case 'die':
        throw new ExitSignal(list[0]);
      default:
        throw new PhpError(
          'PHP Fatal error: Call to undefined function ' + name + '() (not supported by the sandbox)',
        );
    }
  }

  function primary() {
    const tok = tokens[pos];
    if (!tok) throw new PhpError('PHP Parse error: unexpected end of input');
    if (tok.t === 'str' || tok.t === 'num') {
      pos += 1;
      return tok.v;
    }
    if (tok.t === 'var') {
      pos += 1;
      if (!(tok.v in vars)) env.warn('PHP Warning:  Undefined variable $' + tok.v);
      let value = vars[tok.v] ?? null;
      while (peek('[')) {
        pos += 1;
        const key = expression();
        expect(']');
        value = value === null || value === undefined ? null : (value[key] ?? null);
      }
      return value;
    }
    if (tok.t === 'op' && tok.v === '(') {
      pos += 1;
      const cast = tokens[pos];
      if (
        cast &&
        cast.t === 'id' &&
        tokens[pos + 1] &&
        tokens[pos + 1].v === ')' &&
        ['string', 'int', 'bool', 'integer'].includes(cast.v)
      ) {
        pos += 2;
        const value = primary();
        if (cast.v === 'string') return toPhpString(value);
        if (cast.v === 'bool') return Boolean(value);
        return Number.parseInt(String(value), 10) || 0;
      }
      const value = expression();
      expect(')');
      return value;
    }
    if (tok.t === 'op' && tok.v === '[') {
      pos += 1;
      return arrayLiteral(']');
    }
    if (tok.t === 'id') {
      pos += 1;
      const lower = tok.v.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (tok.v === 'STDIN') return 'STDIN';
      if (tok.v === 'PHP_EOL') return '\n';
      if (lower === 'array' && peek('(')) {
        pos += 1;
        return arrayLiteral(')');
      }
      if (peek('::')) {
        pos += 1;
        const method = tokens[pos];
        if (!method || method.t !== 'id')
          throw new PhpError('PHP Parse error: expected a method name after ' + tok.v + '::');
        pos += 1;
        let value = env.callStatic(tok.v, method.v, args());
        while (peek('->')) {
          pos += 1;
          const next = tokens[pos];
          pos += 1;
          value = env.callMethod(value, next.v, peek('(') ? args() : null);
        }
        return value;
      }
      if (peek('(')) return callFunction(tok.v, args());
      throw new PhpError('PHP Error: Undefined constant "' + tok.v + '"');
    }
    throw new PhpError('PHP Parse error: syntax error, unexpected ' + describe(tok));
  }

  function expression() {
    let value = primary();
    for (;;) {
      if (peek('.')) {
        pos += 1;
        value = toPhpString(value) + toPhpString(primary());
      } else if (peek('??')) {
        pos += 1;
        const other = primary();
        value = value === null || value === undefined ? other : value;
      } else return value;
    }
  }

  function statement() {
    const tok = tokens[pos];
    if (tok.t === 'op' && tok.v === ';') {
      pos += 1;
      return;
    }
    if (tok.t === 'id' && (tok.v === 'echo' || tok.v === 'print')) {
      pos += 1;
      env.echo(toPhpString(expression()));
      while (peek(',')) {
        pos += 1;
        env.echo(toPhpString(expression()));
      }
    } else if (tok.t === 'id' && (tok.v === 'exit' || tok.v === 'quit' || tok.v === 'die')) {
      pos += 1;
      let code = 0;
      if (peek('(')) {
        const list = args();
        code = list[0] ?? 0;
      }
      throw new ExitSignal(code);
    } else if (tok.t === 'var' && tokens[pos + 1] && tokens[pos + 1].v === '=') {
      pos += 2;
      vars[tok.v] = expression();
    } else expression();
    if (pos < tokens.length) expect(';');
  }

  while (pos < tokens.length) statement();
  return vars;
}

export class ExitSignal extends Error {
  constructor(code) {
    super('exit');
    this.code = typeof code === 'number' ? code : 0;
    this.text = typeof code === 'string' ? code : '';
  }
}

export function toPhpString(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'object') return 'Array';
  return String(value);
}
