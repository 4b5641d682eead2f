// One routing call and the chain after it, registered as Laravel's Router does (pure): the verbs, `match`,
// `any`, `redirect`, `view`, `fallback`, resources and singletons; then `->name()`, `->middleware()`,
// `->withoutMiddleware()` and the resource options on the chain.
import type { PhpArg, PhpExpr } from './php-syntax.js';
import { joinPath, type DeclaredRoute, type GroupContext, type RouteIssue } from './route-model.js';
import {
  defaultResourceOptions,
  expandResource,
  type ResourceKind,
  type ResourceOptions,
} from './route-resource.js';
import { actionOf, arrayItem, classOf, middlewareOf, stringOf, stringsOf } from './route-values.js';

/** One call of a chain: `Route::get(…)` or `->name(…)`. */
export type Call = { method: string; args: PhpArg[]; line: number };

const any = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const verbs: Record<string, string[]> = {
  get: ['GET', 'HEAD'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  options: ['OPTIONS'],
  any,
};
const resourceKinds: Record<string, ResourceKind> = {
  resource: 'resource',
  apiResource: 'apiResource',
  singleton: 'singleton',
  apiSingleton: 'apiSingleton',
};

/** What the chain after the route adds: a name suffix, middleware, exclusions, resource options. */
type Modifiers = {
  name: string;
  middleware: string[];
  excluded: string[];
  known: boolean;
  options: ResourceOptions;
};

function modifiers(rest: Call[], options: ResourceOptions): Modifiers {
  const out: Modifiers = { name: '', middleware: [], excluded: [], known: true, options };
  for (const call of rest) {
    const values = call.args.map((a) => a.value);
    switch (call.method) {
      case 'name':
        // on a resource, name('index', 'x') renames one route; on a route it appends to the name
        if (values.length === 2)
          out.options.names = {
            ...asRecord(out.options.names),
            [stringOf(values[0]) ?? '']: stringOf(values[1]) ?? '',
          };
        else out.name += stringOf(values[0]) ?? '?';
        break;
      case 'middleware': {
        const m = middlewareOf(call.args);
        out.middleware.push(...m.names);
        out.known &&= m.known;
        break;
      }
      case 'can':
        out.middleware.push(`can:${stringsOf(call.args)?.join(',') ?? '?'}`);
        break;
      case 'withoutMiddleware':
        out.excluded.push(...middlewareOf(call.args).names);
        break;
      case 'only':
      case 'except':
        out.options[call.method] = stringsOf(call.args) ?? [];
        break;
      case 'names':
        out.options.names = values[0]?.kind === 'array' ? recordOf(values[0]) : stringOf(values[0]);
        break;
      case 'parameters':
        out.options.parameters = { ...out.options.parameters, ...recordOf(values[0]) };
        break;
      case 'parameter':
        out.options.parameters = {
          ...out.options.parameters,
          [stringOf(values[0]) ?? '']: stringOf(values[1]) ?? '',
        };
        break;
      case 'shallow':
        out.options.shallow = true;
        break;
      case 'creatable':
        out.options.creatable = true;
        break;
      case 'destroyable':
        out.options.destroyable = true;
        break;
      default:
      // where…, defaults, scopeBindings, missing, withTrashed, domain: no effect on method, path, name, middleware
    }
  }
  return out;
}

const asRecord = (names: ResourceOptions['names']): Record<string, string> =>
  typeof names === 'object' && names !== null ? names : {};

function recordOf(expr: PhpExpr | undefined): Record<string, string> {
  if (expr?.kind !== 'array') return {};
  return Object.fromEntries(
    expr.items.flatMap((item) => {
      const key = item.key ? stringOf(item.key) : null;
      const value = stringOf(item.value);
      return key !== null && value !== null ? [[key, value]] : [];
    }),
  );
}

/** Resource options given as the third argument (`['only' => […], 'names' => …]`). */
function arrayOptions(expr: PhpExpr | undefined): { options: ResourceOptions; rest: Call[] } {
  const options = defaultResourceOptions();
  const rest: Call[] = [];
  for (const key of ['only', 'except', 'names', 'parameters', 'middleware', 'shallow', 'creatable']) {
    const value = arrayItem(expr, key);
    if (value !== undefined) rest.push({ method: key, args: [{ name: null, value }], line: value.line });
  }
  return { options, rest };
}

function build(
  ctx: GroupContext,
  mods: Modifiers,
  route: { methods: string[]; uri: string; name: string; action: string | null },
  file: string,
  line: number,
): DeclaredRoute {
  const excluded = new Set([...ctx.excluded, ...mods.excluded]);
  const middleware = [...new Set([...ctx.middleware, ...mods.middleware])].filter((m) => !excluded.has(m));
  const name = `${ctx.as}${route.name}${mods.name}`;
  return {
    methods: route.methods,
    path: joinPath(ctx.prefix, route.uri),
    name: name === '' ? null : name,
    middleware,
    middlewareKnown: ctx.middlewareKnown && mods.known,
    action: route.action,
    file,
    line,
  };
}

function resources(
  call: Call,
  rest: Call[],
  ctx: GroupContext,
  file: string,
): { routes: DeclaredRoute[]; issues: RouteIssue[] } {
  const plural = call.method === 'resources' || call.method === 'apiResources';
  const kind = resourceKinds[plural ? call.method.slice(0, -1) : call.method]!;
  const pairs: [PhpExpr | undefined, PhpExpr | undefined][] = plural
    ? (call.args[0]?.value.kind === 'array' ? call.args[0].value.items : []).map((i) => [
        i.key ?? undefined,
        i.value,
      ])
    : [[call.args[0]?.value, call.args[1]?.value]];
  const optionArg = call.args[plural ? 1 : 2]?.value;
  const routes: DeclaredRoute[] = [];
  const issues: RouteIssue[] = [];
  for (const [nameExpr, controllerExpr] of pairs) {
    const declared = stringOf(nameExpr);
    if (declared === null) {
      issues.push({
        file,
        line: call.line,
        message: `Route::${call.method} with a name that is not a literal string: skipped`,
      });
      continue;
    }
    const fromArray = arrayOptions(optionArg);
    const mods = modifiers([...fromArray.rest, ...rest], fromArray.options);
    const expanded = expandResource(kind, declared, classOf(controllerExpr) ?? '?', mods.options);
    const inner = expanded.prefix ? { ...ctx, prefix: `${ctx.prefix}/${expanded.prefix}` } : ctx;
    for (const r of expanded.routes) routes.push(build(inner, { ...mods, name: '' }, r, file, call.line));
  }
  return { routes, issues };
}

/** The routes one routing call registers, or null when the call is not one. */
export function registerRoute(
  call: Call,
  rest: Call[],
  ctx: GroupContext,
  file: string,
): { routes: DeclaredRoute[]; issues: RouteIssue[] } | null {
  const values = call.args.map((a) => a.value);
  if (call.method in resourceKinds || call.method === 'resources' || call.method === 'apiResources')
    return resources(call, rest, ctx, file);
  let methods: string[] | null = verbs[call.method] ?? null;
  let uriArg = values[0];
  let action = actionOf(values[1], ctx.controller);
  const actionExtras: Call[] = [];
  if (call.method === 'match') {
    const listed = stringsOf(values[0] ? [values[0]] : []);
    methods = listed === null ? null : listed.map((m) => m.toUpperCase());
    if (methods?.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    uriArg = values[1];
    action = actionOf(values[2], ctx.controller);
    if (methods === null)
      return {
        routes: [],
        issues: [
          {
            file,
            line: call.line,
            message: 'Route::match with methods that are not literal strings: skipped',
          },
        ],
      };
  } else if (call.method === 'redirect' || call.method === 'permanentRedirect') {
    methods = any;
    action = 'redirect';
  } else if (call.method === 'view') {
    methods = verbs.get!;
    action = 'view';
  } else if (call.method === 'fallback') {
    methods = verbs.get!;
    uriArg = { kind: 'string', value: '{fallbackPlaceholder}', dynamic: false, line: call.line };
    action = actionOf(values[0], ctx.controller);
  } else if (methods !== null && call.method !== 'any') {
    // the old action array: ['as' => 'name', 'middleware' => …, 'uses' => …]
    const act = values[1];
    const as = arrayItem(act, 'as');
    const mw = arrayItem(act, 'middleware');
    if (as) actionExtras.push({ method: 'name', args: [{ name: null, value: as }], line: call.line });
    if (mw) actionExtras.push({ method: 'middleware', args: [{ name: null, value: mw }], line: call.line });
  }
  if (methods === null) return null;
  const uri = stringOf(uriArg);
  if (uri === null)
    return {
      routes: [],
      issues: [
        {
          file,
          line: call.line,
          message: `Route::${call.method} with a path that is not a literal string: skipped`,
        },
      ],
    };
  const mods = modifiers([...actionExtras, ...rest], defaultResourceOptions());
  return { routes: [build(ctx, mods, { methods, uri, name: '', action }, file, call.line)], issues: [] };
}
