// The application's route table from its files (pure): where the route files are registered and with which
// prefix and middleware — `bootstrap/app.php`'s `withRouting(…)` (Laravel 11+), else the RouteServiceProvider
// (Laravel ≤ 10), else Laravel's defaults — then each file walked with that context.
import { parsePhp, type PhpArg, type PhpExpr, type PhpStmt } from './php-syntax.js';
import { joinPath, rootContext, type RouteTable, type RoutingSource } from './route-model.js';
import { kernelFile, readMiddlewareMap } from './route-middleware.js';
import { filePathOf, stringOf } from './route-values.js';
import { walkFile, walkStatements, type Walk } from './route-walk.js';

export const bootstrapFile = 'bootstrap/app.php';
export const providerFile = 'app/Providers/RouteServiceProvider.php';

/** The files the reader may need: every routes/*.php, the bootstrap file, the RouteServiceProvider, the HTTP kernel. */
export const isRoutingFile = (path: string): boolean =>
  /^routes\/.+\.php$/.test(path) || path === bootstrapFile || path === providerFile || path === kernelFile;

/** Every method call named `method` in the statements (depth first). */
function callsNamed(stmts: PhpStmt[], method: string): PhpArg[][] {
  const out: PhpArg[][] = [];
  const visit = (expr: PhpExpr): void => {
    if (expr.kind === 'method-call') {
      if (expr.method === method) out.push(expr.args);
      visit(expr.object);
    }
    if (expr.kind === 'method-call' || expr.kind === 'call' || expr.kind === 'static-call')
      for (const arg of expr.args) visit(arg.value);
    if (expr.kind === 'closure') for (const s of expr.body) visitStmt(s);
  };
  const visitStmt = (stmt: PhpStmt): void => {
    if (stmt.kind === 'expr') visit(stmt.expr);
    if (stmt.kind === 'block') stmt.body.forEach(visitStmt);
  };
  stmts.forEach(visitStmt);
  return out;
}

/** Laravel 11's `withRouting(web: …, api: …, apiPrefix: …, then: …)`; null when the file has none. */
function fromBootstrap(walk: Walk): boolean {
  const text = walk.files[bootstrapFile];
  if (text === undefined) return false;
  const [args] = callsNamed(parsePhp(text), 'withRouting');
  if (args === undefined) return false;
  const named = new Map(args.map((a) => [a.name, a.value]));
  const issue = (message: string): void => {
    walk.issues.push({ file: bootstrapFile, line: args[0]?.value.line ?? 1, message });
  };
  if (named.has('using'))
    issue('withRouting(using: …) registers the routes itself: only what it walks is listed');
  // Laravel's order: the api files, the health route, the web files, then `then`
  const register = (key: 'web' | 'api'): void => {
    const value = named.get(key);
    if (value === undefined) return;
    const entries = value.kind === 'array' ? value.items.map((i) => i.value) : [value];
    const prefix = key === 'api' ? (named.has('apiPrefix') ? stringOf(named.get('apiPrefix')) : 'api') : '';
    if (prefix === null) issue('apiPrefix is not a literal string: the API paths are unknown');
    for (const entry of entries) {
      const path = filePathOf(entry, bootstrapFile);
      const ctx = { ...rootContext, prefix: prefix ?? '{?}', middleware: [key] };
      if (path === null) issue(`the ${key} routes file is not a literal path: its routes are unknown`);
      else walkFile(walk, path, ctx, { file: bootstrapFile, line: entry.line });
    }
  };
  register('api');
  const health = stringOf(named.get('health'));
  if (health !== null)
    walk.routes.push({
      ...{ methods: ['GET', 'HEAD'], path: joinPath('', health), name: null, middleware: [] },
      ...{ middlewareKnown: true, action: 'Closure', file: bootstrapFile, line: named.get('health')!.line },
    });
  register('web');
  for (const key of ['then', 'using']) {
    const value = named.get(key);
    if (value?.kind === 'closure') walkStatements(walk, bootstrapFile, value.body, rootContext);
  }
  return true;
}

/** The route table of the files given (repository path → text). Never throws: what is unread is an issue. */
export function readRouteTable(files: Readonly<Record<string, string>>): RouteTable {
  const walk: Walk = { files, routes: [], issues: [], open: new Set() };
  let source: RoutingSource;
  if (fromBootstrap(walk)) source = bootstrapFile;
  else if (files[providerFile] !== undefined) {
    source = providerFile;
    walkFile(walk, providerFile, rootContext, null);
  } else {
    // no registration found: Laravel's own (api.php under /api with the api group, web.php with web)
    source = 'laravel-default';
    walk.issues.push({
      file: bootstrapFile,
      line: 1,
      message: `no route registration found (withRouting in ${bootstrapFile}, or ${providerFile}): Laravel's usual one assumed (routes/api.php under /api with the api middleware, routes/web.php with web)`,
    });
    walkFile(walk, 'routes/api.php', { ...rootContext, prefix: 'api', middleware: ['api'] }, null);
    walkFile(walk, 'routes/web.php', { ...rootContext, middleware: ['web'] }, null);
  }
  return { routes: walk.routes, issues: walk.issues, source, middleware: readMiddlewareMap(files) };
}
