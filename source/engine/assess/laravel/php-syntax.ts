// PHP statements and expressions as route files use them (pure): calls, static calls, method chains, arrays,
// strings and their concatenation, `X::class`, closures and arrow functions. Anything else parses as `opaque`
// (its value is unknown, never guessed). A statement that cannot be read becomes a `broken` statement with its
// line, and reading goes on after it.
import {
  binary,
  assign,
  classWords,
  control,
  describe,
  includes,
  skipped,
  SyntaxProblem,
  type PhpArg,
  type PhpExpr,
  type PhpStmt,
} from './php-ast.js';
import { tokenize, type PhpToken } from './php-tokens.js';

export type { PhpArg, PhpExpr, PhpStmt } from './php-ast.js';

class Parser {
  private i = 0;
  constructor(private readonly tokens: PhpToken[]) {}

  private peek(offset = 0): PhpToken | undefined {
    return this.tokens[this.i + offset];
  }
  private line(): number {
    return this.peek()?.line ?? this.tokens.at(-1)?.line ?? 1;
  }
  private isPunct(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'punct' && t.value === value;
  }
  private isName(value: string): boolean {
    const t = this.peek();
    return t?.kind === 'name' && t.value.toLowerCase() === value;
  }
  private expect(value: string): void {
    if (!this.isPunct(value))
      throw new SyntaxProblem(`expected \`${value}\`, found ${describe(this.peek())}`, this.line());
    this.i++;
  }
  /** Skips a balanced `(…)`, `[…]` or `{…}` that opens here. */
  private skipBalanced(): void {
    const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
    const stack: string[] = [];
    const start = this.line();
    do {
      const t = this.tokens[this.i++];
      if (t === undefined) throw new SyntaxProblem('a bracket opened here never closes', start);
      if (t.kind !== 'punct') continue;
      if (pairs[t.value]) stack.push(pairs[t.value]!);
      else if (')]}'.includes(t.value) && stack.pop() !== t.value)
        throw new SyntaxProblem(`unbalanced \`${t.value}\``, t.line);
    } while (stack.length > 0);
  }

  statements(until: '}' | null): PhpStmt[] {
    const out: PhpStmt[] = [];
    while (this.peek() !== undefined && !(until && this.isPunct(until))) {
      const start = this.i;
      try {
        const stmt = this.statement();
        if (stmt) out.push(stmt);
      } catch (error) {
        if (!(error instanceof SyntaxProblem)) throw error;
        out.push({ kind: 'broken', message: error.message, line: error.line });
        this.recover(start);
      }
    }
    return out;
  }

  /** After a broken statement: on past the next `;` outside braces (a closure's body), or to the block's end.
   *  Parentheses and brackets are not counted: the unbalanced one is often the error itself. */
  private recover(start: number): void {
    this.i = start;
    let depth = 0;
    while (this.peek() !== undefined) {
      const t = this.peek()!;
      if (t.kind === 'punct' && t.value === '{') depth++;
      if (t.kind === 'punct' && t.value === '}') {
        if (depth === 0) {
          if (this.i === start) this.i++;
          return;
        }
        depth--;
      }
      this.i++;
      if (depth === 0 && t.kind === 'punct' && t.value === ';') return;
    }
  }

  private statement(): PhpStmt | null {
    const t = this.peek();
    if (t === undefined) throw new SyntaxProblem('the file ends inside a statement', this.line());
    const line = t.line;
    if (t.kind === 'punct' && t.value === ';') {
      this.i++;
      return null;
    }
    if (t.kind === 'punct' && t.value === '{') {
      this.i++;
      const body = this.statements('}');
      this.expect('}');
      return { kind: 'block', keyword: '{', body, line };
    }
    const word = t.kind === 'name' ? t.value.toLowerCase() : '';
    if (skipped.has(word)) {
      while (this.peek() !== undefined && !this.isPunct(';')) {
        if (this.isPunct('{') || this.isPunct('(')) this.skipBalanced();
        else this.i++;
      }
      this.i++;
      return null;
    }
    if (control.has(word)) {
      this.i++;
      if (word === 'else' && this.isName('if')) this.i++;
      if (this.isPunct('(')) this.skipBalanced();
      if (this.isPunct(':'))
        throw new SyntaxProblem(`the \`${word}:\` … \`end${word};\` form is not read`, line);
      if (!this.isPunct('{'))
        return {
          kind: 'block',
          keyword: word,
          body: [this.statement()].flatMap((s) => (s ? [s] : [])),
          line,
        };
      this.i++;
      const body = this.statements('}');
      this.expect('}');
      if (word === 'do' && this.isName('while')) {
        this.i++;
        this.skipBalanced();
      }
      return { kind: 'block', keyword: word, body, line };
    }
    if (classWords.has(word)) return this.classDeclaration(line);
    if (word === 'return') this.i++;
    if (word === 'function' && this.peek(1)?.kind === 'name') {
      // a named function declaration: not a route, skipped whole
      this.i += 2;
      this.skipBalanced();
      while (this.peek() !== undefined && !this.isPunct('{')) this.i++;
      this.skipBalanced();
      return null;
    }
    if (this.isPunct(';')) {
      this.i++;
      return null;
    }
    const expr = this.expression();
    if (this.peek() !== undefined && !this.isPunct('}')) this.expect(';');
    return { kind: 'expr', expr, line };
  }

  /** A class: its methods' bodies are read (a RouteServiceProvider registers routes in `boot()`). */
  private classDeclaration(line: number): PhpStmt {
    while (this.peek() !== undefined && !this.isPunct('{')) this.i++;
    this.expect('{');
    const body: PhpStmt[] = [];
    while (this.peek() !== undefined && !this.isPunct('}')) {
      if (this.isName('function')) {
        this.i += 2;
        this.skipBalanced();
        while (this.peek() !== undefined && !this.isPunct('{') && !this.isPunct(';')) this.i++;
        if (this.isPunct(';')) {
          this.i++;
          continue;
        }
        const start = this.line();
        this.expect('{');
        body.push({ kind: 'block', keyword: '{', body: this.statements('}'), line: start });
        this.expect('}');
      } else if (this.peek()?.kind === 'variable' && this.isPunct('=', 1)) {
        const t = this.peek()!;
        this.i += 2;
        const start = this.i;
        try {
          body.push({ kind: 'property', name: t.value, value: this.expression(), line: t.line });
        } catch (error) {
          if (!(error instanceof SyntaxProblem)) throw error;
          body.push({ kind: 'broken', message: error.message, line: error.line });
          this.recover(start);
        }
      } else if (this.isPunct('{') || this.isPunct('(') || this.isPunct('[')) this.skipBalanced();
      else this.i++;
    }
    this.expect('}');
    return { kind: 'block', keyword: '{', body, line };
  }

  expression(): PhpExpr {
    const line = this.line();
    const first = this.unary();
    const parts = [first];
    let opaque = false;
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      const value = t.kind === 'punct' || t.kind === 'name' ? t.value.toLowerCase() : '';
      if (t.kind === 'punct' && value === '.') {
        this.i++;
        parts.push(this.unary());
      } else if ((t.kind === 'punct' || t.kind === 'name') && (binary.has(value) || assign.has(value))) {
        this.i++;
        opaque = true;
        this.unary();
      } else if (t.kind === 'punct' && value === '?') {
        this.i++;
        opaque = true;
        if (!this.isPunct(':')) this.expression();
        this.expect(':');
        this.expression();
      } else break;
    }
    if (opaque) return { kind: 'opaque', text: 'an expression with operators', line };
    return parts.length === 1 ? first : { kind: 'concat', parts, line };
  }

  private unary(): PhpExpr {
    const t = this.peek();
    const line = this.line();
    if (t?.kind === 'punct' && ['!', '-', '+', '~', '@', '&'].includes(t.value)) {
      this.i++;
      const inner = this.unary();
      return t.value === '@' || t.value === '&' ? inner : { kind: 'opaque', text: `${t.value}…`, line };
    }
    return this.postfix(this.primary());
  }

  private args(): PhpArg[] {
    this.expect('(');
    const out: PhpArg[] = [];
    while (!this.isPunct(')')) {
      if (this.isPunct('...')) {
        this.i++;
        if (this.isPunct(')')) break; // first-class callable syntax `f(...)`
      }
      const named = this.peek()?.kind === 'name' && this.isPunct(':', 1) && !this.isPunct('::', 1);
      const name = named ? this.peek()!.value : null;
      if (named) this.i += 2;
      out.push({ name, value: this.expression() });
      if (!this.isPunct(')')) this.expect(',');
    }
    this.i++;
    return out;
  }

  private postfix(base: PhpExpr): PhpExpr {
    let expr = base;
    for (;;) {
      const line = this.line();
      if (this.isPunct('->') || this.isPunct('?->')) {
        this.i++;
        const name = this.peek();
        if (name?.kind !== 'name')
          throw new SyntaxProblem(`expected a method name after \`->\`, found ${describe(name)}`, line);
        this.i++;
        if (this.isPunct('('))
          expr = { kind: 'method-call', object: expr, method: name.value, args: this.args(), line };
        else expr = { kind: 'opaque', text: `->${name.value}`, line };
      } else if (this.isPunct('[')) {
        this.skipBalanced();
        expr = { kind: 'opaque', text: 'an index', line };
      } else if (this.isPunct('(')) {
        this.args();
        expr = { kind: 'opaque', text: 'a call of a value', line };
      } else if (this.isPunct('::')) {
        this.i++;
        const name = this.peek();
        this.i++;
        if (this.isPunct('(')) this.args();
        expr = { kind: 'opaque', text: `::${name?.value ?? ''}`, line };
      } else if (this.isPunct('++') || this.isPunct('--')) {
        this.i++;
      } else return expr;
    }
  }

  private closure(line: number): PhpExpr {
    if (this.isName('static')) this.i++;
    const arrow = this.isName('fn');
    this.i++;
    if (this.isPunct('&')) this.i++;
    this.skipBalanced();
    if (this.isName('use')) {
      this.i++;
      this.skipBalanced();
    }
    if (this.isPunct(':')) while (this.peek() !== undefined && !this.isPunct(arrow ? '=>' : '{')) this.i++;
    if (arrow) {
      this.expect('=>');
      const expr = this.expression();
      return { kind: 'closure', body: [{ kind: 'expr', expr, line }], line };
    }
    this.expect('{');
    const body = this.statements('}');
    this.expect('}');
    return { kind: 'closure', body, line };
  }

  private array(line: number, close: string): PhpExpr {
    const items: { key: PhpExpr | null; value: PhpExpr }[] = [];
    while (!this.isPunct(close)) {
      if (this.isPunct('...')) this.i++;
      const first = this.expression();
      if (this.isPunct('=>')) {
        this.i++;
        items.push({ key: first, value: this.expression() });
      } else items.push({ key: null, value: first });
      if (!this.isPunct(close)) this.expect(',');
    }
    this.i++;
    return { kind: 'array', items, line };
  }

  private primary(): PhpExpr {
    const t = this.peek();
    if (t === undefined) throw new SyntaxProblem('the file ends inside an expression', this.line());
    const line = t.line;
    if (t.kind === 'string') {
      this.i++;
      return { kind: 'string', value: t.value, dynamic: t.dynamic, line };
    }
    if (t.kind === 'number' || t.kind === 'variable') {
      this.i++;
      return { kind: 'opaque', text: t.kind === 'variable' ? `$${t.value}` : t.value, line };
    }
    if (t.kind === 'punct' && t.value === '[') {
      this.i++;
      return this.array(line, ']');
    }
    if (t.kind === 'punct' && t.value === '(') {
      this.i++;
      // a cast `(int)` or a parenthesised expression
      if (this.peek()?.kind === 'name' && this.isPunct(')', 1)) {
        this.i += 2;
        this.unary();
        return { kind: 'opaque', text: 'a cast', line };
      }
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (t.kind !== 'name') throw new SyntaxProblem(`unexpected ${describe(t)}`, line);
    const word = t.value.toLowerCase();
    if (
      word === 'function' ||
      word === 'fn' ||
      (word === 'static' && ['function', 'fn'].includes(this.peek(1)?.value.toLowerCase() ?? ''))
    )
      return this.closure(line);
    this.i++;
    if (word === 'array' && this.isPunct('(')) {
      this.i++;
      return this.array(line, ')');
    }
    if (includes.has(word)) return { kind: 'include', path: this.expression(), line };
    if (word === 'new') {
      if (this.peek()?.kind === 'name') this.i++;
      else this.primary();
      if (this.isPunct('(')) this.args();
      return { kind: 'opaque', text: 'new …', line };
    }
    if (this.isPunct('::')) {
      this.i++;
      const member = this.peek();
      if (member?.kind === 'name' && member.value.toLowerCase() === 'class') {
        this.i++;
        return { kind: 'class', name: t.value, line };
      }
      if (member?.kind === 'name' && this.isPunct('(', 1)) {
        this.i++;
        return { kind: 'static-call', target: t.value, method: member.value, args: this.args(), line };
      }
      this.i++;
      return { kind: 'opaque', text: `${t.value}::${member?.value ?? ''}`, line };
    }
    if (this.isPunct('(')) return { kind: 'call', name: t.value, args: this.args(), line };
    return { kind: 'const', name: t.value, line };
  }
}

/** The statements of a PHP file; never throws (what cannot be read is a `broken` statement). */
export function parsePhp(source: string): PhpStmt[] {
  const parser = new Parser(tokenize(source));
  const out = parser.statements(null);
  return out;
}
