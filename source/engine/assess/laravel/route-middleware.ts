// The application's middleware groups and aliases (pure): app/Http/Kernel.php's `$middlewareGroups` and
// `$middlewareAliases` / `$routeMiddleware` (Laravel ≤ 10), and `withMiddleware(…)`'s `group`, `alias`,
// `appendToGroup`, `prependToGroup` in bootstrap/app.php (Laravel 11+). A route's middleware named `admin` may be a
// group holding `auth`, an alias `auth.admin` may be an Authenticate class: what authenticates is decided through
// them.
import { parsePhp, type PhpExpr, type PhpStmt } from './php-syntax.js';
import { isAuthMiddleware, type DeclaredRoute } from './route-model.js';
import { classOf, middlewareOf, stringOf } from './route-values.js';

export const kernelFile = 'app/Http/Kernel.php';

/** Group name → its middleware; alias → the class it names. */
export type MiddlewareMap = { groups: Map<string, string[]>; aliases: Map<string, string> };

const emptyMap = (): MiddlewareMap => ({ groups: new Map(), aliases: new Map() });

function entries(expr: PhpExpr | undefined): [string, PhpExpr][] {
  if (expr?.kind !== 'array') return [];
  return expr.items.flatMap((item) => {
    const key = item.key ? stringOf(item.key) : null;
    return key === null ? [] : [[key, item.value] as [string, PhpExpr]];
  });
}

function fromKernel(stmts: PhpStmt[], map: MiddlewareMap): void {
  const visit = (stmt: PhpStmt): void => {
    if (stmt.kind === 'block') stmt.body.forEach(visit);
    if (stmt.kind !== 'property') return;
    if (stmt.name === 'middlewareGroups')
      for (const [name, value] of entries(stmt.value)) map.groups.set(name, middlewareOf([value]).names);
    if (stmt.name === 'middlewareAliases' || stmt.name === 'routeMiddleware')
      for (const [name, value] of entries(stmt.value)) {
        const cls = classOf(value);
        if (cls !== null) map.aliases.set(name, cls);
      }
  };
  stmts.forEach(visit);
}

/** `$middleware->group('admin', […])` and its kin, anywhere in bootstrap/app.php. */
function fromBootstrap(stmts: PhpStmt[], map: MiddlewareMap): void {
  const visit = (expr: PhpExpr): void => {
    if (expr.kind === 'method-call') {
      const [first, second] = expr.args.map((a) => a.value);
      const name = stringOf(first);
      if (expr.method === 'group' && name !== null && second?.kind === 'array')
        map.groups.set(name, middlewareOf([second]).names);
      if ((expr.method === 'appendToGroup' || expr.method === 'prependToGroup') && name !== null && second) {
        const added = middlewareOf([second]).names;
        const old = map.groups.get(name) ?? [];
        map.groups.set(name, expr.method === 'appendToGroup' ? [...old, ...added] : [...added, ...old]);
      }
      if (expr.method === 'alias')
        for (const [alias, value] of entries(first)) {
          const cls = classOf(value);
          if (cls !== null) map.aliases.set(alias, cls);
        }
      visit(expr.object);
    }
    if (expr.kind === 'method-call' || expr.kind === 'call' || expr.kind === 'static-call')
      for (const arg of expr.args) visit(arg.value);
    if (expr.kind === 'closure') expr.body.forEach(visitStmt);
  };
  const visitStmt = (stmt: PhpStmt): void => {
    if (stmt.kind === 'expr') visit(stmt.expr);
    if (stmt.kind === 'block') stmt.body.forEach(visitStmt);
  };
  stmts.forEach(visitStmt);
}

/** The groups and aliases the files declare (none known: empty maps). */
export function readMiddlewareMap(files: Readonly<Record<string, string>>): MiddlewareMap {
  const map = emptyMap();
  if (files[kernelFile] !== undefined) fromKernel(parsePhp(files[kernelFile]), map);
  if (files['bootstrap/app.php'] !== undefined) fromBootstrap(parsePhp(files['bootstrap/app.php']), map);
  return map;
}

/** Every middleware a name stands for: itself, its group's members (nested), the class of its alias. */
function expandMiddleware(names: readonly string[], map: MiddlewareMap): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push(name);
    const [alias, ...params] = name.split(':');
    map.groups.get(name)?.forEach(add);
    const cls = map.aliases.get(alias!);
    if (cls !== undefined) add(params.length ? `${cls}:${params.join(':')}` : cls);
  };
  names.forEach(add);
  return out;
}

/** yes: an auth middleware applies (through groups and aliases too); no: all is known and none does. */
export function authenticationWith(route: DeclaredRoute, map: MiddlewareMap): 'yes' | 'no' | 'unknown' {
  if (expandMiddleware(route.middleware, map).some(isAuthMiddleware)) return 'yes';
  return route.middlewareKnown ? 'no' : 'unknown';
}
