// The walker over route files (pure over the given texts): groups merge their attributes as Laravel's group
// stack does (prefixes joined, name prefixes concatenated, middleware appended), chains in any order, array
// groups, files included by `group(base_path(…))` or `require`. What it cannot follow becomes an issue.
import { parsePhp, type PhpArg, type PhpExpr, type PhpStmt } from './php-syntax.js';
import { registerRoute, type Call } from './route-register.js';
import type { DeclaredRoute, GroupContext, RouteIssue } from './route-model.js';
import { arrayItem, classOf, filePathOf, middlewareOf, stringOf } from './route-values.js';

/** The state of one reading: the files, what was found, and the files being walked (against loops). */
export type Walk = {
  files: Readonly<Record<string, string>>;
  routes: DeclaredRoute[];
  issues: RouteIssue[];
  open: Set<string>;
};

const attributes = new Set([
  'prefix', 'middleware', 'name', 'as', 'controller', 'domain', 'namespace', 'where', 'withoutMiddleware',
  'scopeBindings', 'withoutScopedBindings', 'missing',
]); // prettier-ignore

const isRouteFacade = (target: string): boolean => /(^|\\)Route$/.test(target);

/** Laravel's RouteGroup::merge of one attribute into the context. */
function withAttribute(
  ctx: GroupContext,
  name: string,
  args: PhpExpr[],
  note: (m: string) => void,
): GroupContext {
  switch (name) {
    case 'prefix': {
      const value = stringOf(args[0]);
      if (value === null) note('a prefix that is not a literal string: the paths below it are unknown');
      return {
        ...ctx,
        prefix:
          value === null
            ? `${ctx.prefix}/{?}`
            : `${ctx.prefix.replace(/\/+$/, '')}/${value.replace(/^\/+|\/+$/g, '')}`,
      };
    }
    case 'name':
    case 'as': {
      const value = stringOf(args[0]);
      return { ...ctx, as: `${ctx.as}${value ?? '?'}` };
    }
    case 'middleware': {
      const m = middlewareOf(args);
      return {
        ...ctx,
        middleware: [...ctx.middleware, ...m.names],
        middlewareKnown: ctx.middlewareKnown && m.known,
      };
    }
    case 'withoutMiddleware':
    case 'excluded_middleware':
      return { ...ctx, excluded: [...ctx.excluded, ...middlewareOf(args).names] };
    case 'controller':
      return { ...ctx, controller: classOf(args[0]) };
    default:
      return ctx;
  }
}

/** `Route::group(['prefix' => …, 'middleware' => …], …)`: the array's attributes. */
function withArrayAttributes(ctx: GroupContext, expr: PhpExpr, note: (m: string) => void): GroupContext {
  let out = ctx;
  for (const key of [
    'prefix',
    'as',
    'middleware',
    'excluded_middleware',
    'withoutMiddleware',
    'controller',
  ]) {
    const value = arrayItem(expr, key);
    if (value !== undefined) out = withAttribute(out, key, [value], note);
  }
  return out;
}

/** The calls of a chain, from `Route::x(…)` outwards; null when the chain does not start at a class. */
function chainOf(expr: PhpExpr): { target: string; calls: Call[] } | null {
  const calls: Call[] = [];
  let node = expr;
  while (node.kind === 'method-call') {
    calls.unshift({ method: node.method, args: node.args, line: node.line });
    node = node.object;
  }
  if (node.kind !== 'static-call') return null;
  calls.unshift({ method: node.method, args: node.args, line: node.line });
  return { target: node.target, calls };
}

/** The body of a group: a closure walked in place, or a file path followed. */
function walkGroupBody(
  walk: Walk,
  file: string,
  body: PhpArg | undefined,
  ctx: GroupContext,
  line: number,
): void {
  if (body === undefined) return;
  if (body.value.kind === 'closure') {
    walkStatements(walk, file, body.value.body, ctx);
    return;
  }
  const path = filePathOf(body.value, file);
  if (path === null)
    walk.issues.push({
      file,
      line,
      message: 'a group whose routes are neither a closure nor a file path: not read',
    });
  else walkFile(walk, path, ctx, { file, line });
}

function walkRouteChain(walk: Walk, file: string, calls: Call[], outer: GroupContext): void {
  let ctx = outer;
  const note = (line: number) => (message: string) => walk.issues.push({ file, line, message });
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    const values = call.args.map((a) => a.value);
    if (call.method === 'group') {
      // Route::group([attributes], body) or ->group(body)
      const hasArray = call.args.length > 1 || (i === 0 && call.args[0]?.value.kind === 'array');
      if (hasArray) ctx = withArrayAttributes(ctx, call.args[0]!.value, note(call.line));
      walkGroupBody(walk, file, hasArray ? call.args[1] : call.args[0], ctx, call.line);
      return;
    }
    if (attributes.has(call.method)) {
      ctx = withAttribute(ctx, call.method, values, note(call.line));
      continue;
    }
    const found = registerRoute(call, calls.slice(i + 1), ctx, file);
    if (found === null)
      walk.issues.push({
        file,
        line: call.line,
        message: `Route::${call.method}(…) is not a routing call the reader knows: skipped`,
      });
    else {
      walk.routes.push(...found.routes);
      walk.issues.push(...found.issues);
    }
    return;
  }
}

function walkExpr(walk: Walk, file: string, expr: PhpExpr, ctx: GroupContext): void {
  if (expr.kind === 'include') {
    const path = filePathOf(expr.path, file);
    if (path === null)
      walk.issues.push({
        file,
        line: expr.line,
        message: 'a `require` of a computed path: its routes are unknown',
      });
    else walkFile(walk, path, ctx, { file, line: expr.line });
    return;
  }
  const chain = chainOf(expr);
  if (chain !== null && isRouteFacade(chain.target)) {
    walkRouteChain(walk, file, chain.calls, ctx);
    return;
  }
  // any other call (`$this->routes(function () {…})`, `app()->booted(…)`): closures in it may declare routes
  const calls: PhpArg[][] = [];
  let node: PhpExpr = expr;
  while (node.kind === 'method-call') {
    calls.push(node.args);
    node = node.object;
  }
  if (node.kind === 'call' || node.kind === 'static-call') calls.push(node.args);
  for (const args of calls)
    for (const arg of args) if (arg.value.kind === 'closure') walkStatements(walk, file, arg.value.body, ctx);
}

export function walkStatements(walk: Walk, file: string, stmts: PhpStmt[], ctx: GroupContext): void {
  for (const stmt of stmts) {
    switch (stmt.kind) {
      case 'broken':
        walk.issues.push({
          file,
          line: stmt.line,
          message: `cannot read this statement (${stmt.message}); routes it declares are not listed`,
        });
        break;
      case 'block': {
        const before = walk.routes.length;
        walkStatements(walk, file, stmt.body, ctx);
        if (walk.routes.length > before && stmt.keyword !== '{')
          walk.issues.push({
            file,
            line: stmt.line,
            message: `routes inside \`${stmt.keyword}\` are listed as if it always held`,
          });
        break;
      }
      case 'expr':
        walkExpr(walk, file, stmt.expr, ctx);
        break;
      case 'property':
        break;
      default: {
        const never: never = stmt;
        throw new Error(`unknown statement ${String(never)}`);
      }
    }
  }
}

/** Walks one route file inside `ctx`; `from` says who included it (for the issue when it is missing). */
export function walkFile(
  walk: Walk,
  path: string,
  ctx: GroupContext,
  from: { file: string; line: number } | null,
): void {
  const text = walk.files[path];
  if (text === undefined) {
    if (from)
      walk.issues.push({
        ...from,
        message: `${path} is included here but was not read: its routes are unknown`,
      });
    return;
  }
  if (walk.open.has(path)) {
    walk.issues.push({
      file: from?.file ?? path,
      line: from?.line ?? 1,
      message: `${path} includes itself: read once`,
    });
    return;
  }
  walk.open.add(path);
  walkStatements(walk, path, parsePhp(text), ctx);
  walk.open.delete(path);
}
