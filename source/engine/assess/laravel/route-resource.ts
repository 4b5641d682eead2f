// Resource routes expanded as Laravel's ResourceRegistrar does (pure): `resource`, `apiResource`, nested
// `photos.comments`, a slash in the name (`admin/photos`), `only` / `except`, `names`, `parameters`, `shallow`;
// and singletons (`singleton`, `apiSingleton`, `creatable`, `destroyable`).

/** What the chain after `Route::resource(…)` says. */
export type ResourceOptions = {
  only: string[] | null;
  except: string[];
  names: string | Record<string, string> | null;
  parameters: Record<string, string>;
  shallow: boolean;
  creatable: boolean;
  destroyable: boolean;
};

export const defaultResourceOptions = (): ResourceOptions => ({
  only: null,
  except: [],
  names: null,
  parameters: {},
  shallow: false,
  creatable: false,
  destroyable: false,
});

/** One route of the expansion, before the group's prefix, name prefix and middleware are applied. */
export type ResourceRoute = { methods: string[]; uri: string; name: string; action: string };

export type ResourceKind = 'resource' | 'apiResource' | 'singleton' | 'apiSingleton';

const get = ['GET', 'HEAD'];
const putPatch = ['PUT', 'PATCH'];

/** Str::singular for the words resource names use (Laravel uses an inflector; these are its common rules). */
function singular(word: string): string {
  const irregular: Record<string, string> = {
    people: 'person',
    children: 'child',
    men: 'man',
    women: 'woman',
  };
  if (irregular[word]) return irregular[word];
  if (/(ss|us|is)$/.test(word)) return word;
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ches|shes|sses|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

function wildcard(segment: string, options: ResourceOptions): string {
  const value = options.parameters[segment] ?? singular(segment);
  return value.replace(/-/g, '_');
}

function methodsOf(kind: ResourceKind, options: ResourceOptions): string[] {
  const all: Record<ResourceKind, string[]> = {
    resource: ['index', 'create', 'store', 'show', 'edit', 'update', 'destroy'],
    apiResource: ['index', 'store', 'show', 'update', 'destroy'],
    // Laravel: show, edit, update, then create, store, destroy when creatable (destroy alone when destroyable)
    singleton: [
      'show',
      'edit',
      'update',
      ...(options.creatable ? ['create', 'store'] : []),
      ...(options.creatable || options.destroyable ? ['destroy'] : []),
    ],
    apiSingleton: [
      'show',
      'update',
      ...(options.creatable ? ['store'] : []),
      ...(options.creatable || options.destroyable ? ['destroy'] : []),
    ],
  };
  const base = all[kind];
  const only = options.only;
  return base.filter((m) => (only === null || only.includes(m)) && !options.except.includes(m));
}

function routeName(resource: string, method: string, options: ResourceOptions): string {
  if (typeof options.names === 'object' && options.names !== null && options.names[method])
    return options.names[method];
  const name = typeof options.names === 'string' ? options.names : resource;
  return `${name}.${method}`;
}

/** The routes of one resource declaration; `prefix` is the part of a slashed name (`admin/photos`). */
export function expandResource(
  kind: ResourceKind,
  declared: string,
  controller: string,
  options: ResourceOptions,
): { prefix: string; routes: ResourceRoute[] } {
  const slash = declared.lastIndexOf('/');
  const prefix = slash === -1 ? '' : declared.slice(0, slash);
  const resource = slash === -1 ? declared : declared.slice(slash + 1);
  const segments = resource.split('.');
  const last = segments.at(-1)!;
  const base = wildcard(last, options);
  // nested `photos.comments` → photos/{photo}/comments
  const uri = [...segments.slice(0, -1).map((s) => `${s}/{${wildcard(s, options)}}`), last].join('/');
  const singleton = kind === 'singleton' || kind === 'apiSingleton';
  // shallow nesting: the member routes (show, edit, update, destroy) use the last segment, URI and name
  const shallow = options.shallow && !singleton;
  const member = singleton ? uri : `${shallow ? last : uri}/{${base}}`;
  const memberNames = new Set(['show', 'edit', 'update', 'destroy']);
  const shape: Record<string, { methods: string[]; uri: string }> = {
    index: { methods: get, uri },
    create: { methods: get, uri: `${uri}/create` },
    store: { methods: ['POST'], uri },
    show: { methods: get, uri: member },
    edit: { methods: get, uri: `${member}/edit` },
    update: { methods: putPatch, uri: member },
    destroy: { methods: ['DELETE'], uri: member },
  };
  const routes = methodsOf(kind, options).map((method) => ({
    methods: shape[method]!.methods,
    uri: shape[method]!.uri,
    name: routeName(shallow && memberNames.has(method) ? last : resource, method, options),
    action: `${controller}@${method}`,
  }));
  return { prefix, routes };
}
