// The routes a Laravel application registers, as `php artisan route:list` would list them (pure types).
import type { MiddlewareMap } from './route-middleware.js';

/** One registered route. `methods` as Laravel stores them (GET brings HEAD); `path` starts with `/`. */
export type DeclaredRoute = {
  methods: string[];
  path: string;
  name: string | null;
  /** The middleware that applies, group middleware first, as written (aliases are not expanded). */
  middleware: string[];
  /** False when some middleware that applies could not be read (a variable, a call): then nothing is sure. */
  middlewareKnown: boolean;
  /** `Controller@method`, `Closure`, `redirect`, `view`, or null when unknown. */
  action: string | null;
  file: string;
  line: number;
};

/** Something in the route files the reader could not follow; the routes it lists may be incomplete. */
export type RouteIssue = { file: string; line: number; message: string };

/** Where the `api` prefix and middleware came from. */
export type RoutingSource =
  'bootstrap/app.php' | 'app/Providers/RouteServiceProvider.php' | 'laravel-default';

/** Every route the application's route files register, and what could not be read. */
export type RouteTable = {
  routes: DeclaredRoute[];
  issues: RouteIssue[];
  source: RoutingSource;
  /** The middleware groups and aliases the application declares (what a name like `admin` stands for). */
  middleware: MiddlewareMap;
};

/** The attributes a group gives the routes inside it (Laravel's group stack, merged). */
export type GroupContext = {
  prefix: string;
  as: string;
  middleware: string[];
  excluded: string[];
  middlewareKnown: boolean;
  controller: string | null;
};

export const rootContext: GroupContext = {
  prefix: '',
  as: '',
  middleware: [],
  excluded: [],
  middlewareKnown: true,
  controller: null,
};

/** `GET`, `PUT|PATCH`, `ANY`: the methods as a person reads them (HEAD, which GET brings, left out). */
export function methodLabel(route: Pick<DeclaredRoute, 'methods'>): string {
  if (route.methods.length >= 7) return 'ANY';
  return route.methods.filter((m) => m !== 'HEAD' || route.methods.length === 1).join('|');
}

/** Laravel's prefixing: `trim(trim(prefix, '/').'/'.trim(uri, '/'), '/') ?: '/'`, with a leading slash. */
export function joinPath(prefix: string, uri: string): string {
  const joined = `${prefix.replace(/^\/+|\/+$/g, '')}/${uri.replace(/^\/+|\/+$/g, '')}`.replace(
    /^\/+|\/+$/g,
    '',
  );
  return `/${joined}`;
}

/** Middleware that authenticates the caller (Laravel's `auth`, `auth:guard`, `auth.basic`, Authenticate classes). */
export function isAuthMiddleware(name: string): boolean {
  const base = name.split(':')[0]!.replace(/^\\/, '');
  return (
    /^auth(\.basic(\.once)?)?$/.test(base) ||
    /Authenticate(WithBasicAuth)?(::using\b.*)?$/.test(base) ||
    /^(abilities|ability)$/.test(base)
  );
}

/** yes: an auth middleware applies; no: the middleware is known and none authenticates; unknown otherwise. */
export function authentication(route: DeclaredRoute): 'yes' | 'no' | 'unknown' {
  if (route.middleware.some(isAuthMiddleware)) return 'yes';
  return route.middlewareKnown ? 'no' : 'unknown';
}
