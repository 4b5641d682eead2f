// Values of route-file expressions (pure): strings, lists of strings, middleware names, file paths and
// controller actions. Unknown values are null, never guessed.
import { posix } from 'node:path';
import type { PhpArg, PhpExpr } from './php-syntax.js';

/** A literal string (a `.` concatenation of literals too); null for anything computed. */
export function stringOf(expr: PhpExpr | undefined): string | null {
  if (expr === undefined) return null;
  if (expr.kind === 'string') return expr.dynamic ? null : expr.value;
  if (expr.kind === 'concat') {
    const parts = expr.parts.map(stringOf);
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  return null;
}

/** A class name written `X::class` (or as a string), without its namespace. */
export function classOf(expr: PhpExpr | undefined): string | null {
  const name = expr?.kind === 'class' ? expr.name : stringOf(expr);
  return name === null ? null : (name.split('\\').pop() ?? name);
}

/** `'a'`, `['a', 'b']` and variadic `'a', 'b'`: the strings, or null when one is not a literal. */
export function stringsOf(args: PhpArg[] | PhpExpr[]): string[] | null {
  const exprs = args.map((a) => ('value' in a && 'name' in a ? a.value : (a as PhpExpr)));
  const out: string[] = [];
  for (const expr of exprs) {
    if (expr.kind === 'array') {
      const inner = stringsOf(expr.items.map((item) => item.value));
      if (inner === null) return null;
      out.push(...inner);
    } else {
      const value = stringOf(expr);
      if (value === null) return null;
      out.push(value);
    }
  }
  return out;
}

/** One middleware as route:list would name it: an alias string, a class name, `Class::using`. */
function middlewareName(expr: PhpExpr): string | null {
  if (expr.kind === 'class') return expr.name.replace(/^\\/, '');
  if (expr.kind === 'static-call') {
    const args = stringsOf(expr.args);
    return `${expr.target.replace(/^\\/, '')}::${expr.method}${args ? `:${args.join(',')}` : ''}`;
  }
  if (expr.kind === 'concat' && expr.parts[0]?.kind === 'class') {
    // Authenticate::class.':sanctum'
    const rest = stringOf({ ...expr, parts: expr.parts.slice(1) });
    return rest === null ? null : `${expr.parts[0].name.replace(/^\\/, '')}${rest}`;
  }
  return stringOf(expr);
}

/** The middleware named by the arguments; `known` is false when one of them is not a literal. */
export function middlewareOf(args: PhpArg[] | PhpExpr[]): { names: string[]; known: boolean } {
  const names: string[] = [];
  let known = true;
  const exprs = args.map((a) => ('value' in a && 'name' in a ? a.value : (a as PhpExpr)));
  for (const expr of exprs) {
    if (expr.kind === 'array') {
      const inner = middlewareOf(expr.items.map((item) => item.value));
      names.push(...inner.names);
      known &&= inner.known;
      continue;
    }
    const name = middlewareName(expr);
    if (name === null) known = false;
    else names.push(name);
  }
  return { names, known };
}

/** The value of `key` in a literal array (`['prefix' => 'v1']`). */
export function arrayItem(expr: PhpExpr | undefined, key: string): PhpExpr | undefined {
  if (expr?.kind !== 'array') return undefined;
  return expr.items.find((item) => item.key !== null && stringOf(item.key) === key)?.value;
}

/** A route file's path relative to the repository: `base_path('routes/x.php')`, `__DIR__.'/x.php'`. */
export function filePathOf(expr: PhpExpr, file: string): string | null {
  const piece = (e: PhpExpr): string | null => {
    if (e.kind === 'const' && e.name === '__DIR__') return `/${posix.dirname(file)}`;
    if (e.kind === 'call' && /^(base_path|app_path|database_path)$/.test(e.name)) {
      const inner = e.args[0] ? stringOf(e.args[0].value) : '';
      if (inner === null) return null;
      const root = e.name === 'app_path' ? '/app' : e.name === 'database_path' ? '/database' : '';
      return `${root}/${inner}`;
    }
    if (e.kind === 'concat') {
      const parts = e.parts.map(piece);
      return parts.every((p) => p !== null) ? parts.join('') : null;
    }
    return stringOf(e);
  };
  const raw = piece(expr);
  if (raw === null) return null;
  const normal = posix.normalize(raw.startsWith('/') ? raw : `/${raw}`).replace(/^\/+/, '');
  return normal.startsWith('..') ? null : normal;
}

/** The action as route:list shows it: `Controller@method`, `Controller` (invokable), `Closure`. */
export function actionOf(expr: PhpExpr | undefined, controller: string | null): string | null {
  if (expr === undefined) return null;
  if (expr.kind === 'closure') return 'Closure';
  if (expr.kind === 'class') return classOf(expr);
  if (expr.kind === 'array') {
    const uses = arrayItem(expr, 'uses');
    if (uses) return actionOf(uses, controller);
    const [cls, method] = expr.items.map((i) => i.value);
    const name = classOf(cls);
    const m = stringOf(method);
    if (name !== null && m !== null && expr.items.length === 2) return `${name}@${m}`;
    const closure = expr.items.find((i) => i.key === null && i.value.kind === 'closure');
    return closure ? 'Closure' : null;
  }
  const text = stringOf(expr);
  if (text === null) return null;
  if (controller !== null && !text.includes('@')) return `${controller}@${text}`;
  return text.includes('@') ? `${text.split('@')[0]!.split('\\').pop()}@${text.split('@')[1]}` : text;
}
