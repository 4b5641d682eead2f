// A config step's render spec with every template filled in: shared by the config action (phase 4) and the
// value pre-flight (before phase 1), so both render the very same file.
import type { ConfigAction } from '../../profile/schema.js';
import type { ConfigValue, RenderSpec } from './config-render.js';

/** The spec of `action`, its templates rendered by `plain`; `references`: YAML path → secret file path. */
export function configSpec(
  action: ConfigAction,
  plain: (template: string) => string,
  references: Record<string, string>,
): RenderSpec {
  const set: Record<string, ConfigValue> = {};
  for (const [path, value] of Object.entries(action.set)) {
    set[path] =
      typeof value === 'string'
        ? plain(value)
        : typeof value === 'object'
          ? { value: plain(value.value), type: value.type }
          : value;
  }
  return {
    relocate: Object.fromEntries(Object.entries(action.relocate).map(([from, to]) => [from, plain(to)])),
    set,
    unset: action.unset,
    references,
  };
}
