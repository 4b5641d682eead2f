// Renders `{{name}}` templates for the three contexts of architecture.md:
//   command: every value shell-quoted (unless `| raw`), never a secret;
//   stdin:   raw, the only place a secret may go;
//   plain:   raw text (paths, URLs, titles), never a secret;
//   env:     raw text a script receives in its prelude (quoted whole there), never a secret.
// Secrets are refused here too, not only by the loader: defence in depth against a caller that builds a
// template at run time.
import { quote } from '../lib/shell-quote.js';
import { classifyName, type NameCatalog } from './name-catalog.js';
import { lookupName, type Scope } from './scope.js';
import { parseTemplate } from './template-syntax.js';

export type { Scope } from './scope.js';

/** Where an interpolated value ends up; decides quoting and whether a secret may appear. */
export type InterpolationContext = 'command' | 'stdin' | 'plain' | 'env';

/** A template that cannot be rendered: unknown name, secret in the wrong place, var cycle, bad syntax. */
export class InterpolationError extends Error {
  constructor(
    message: string,
    readonly template: string,
    readonly reference: string,
  ) {
    super(message);
    this.name = 'InterpolationError';
  }
}

const contextWords = {
  command: 'a command line',
  plain: 'plain text (paths, URLs, titles)',
  env: "a script's env (its values are shown in the command)",
} as const;

type Missing = (name: string, reason: string, secret: boolean) => string | undefined;

function render(
  template: string,
  scope: Scope,
  context: InterpolationContext,
  missing: Missing,
  stack: string[],
) {
  let out = '';
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    if (part.kind === 'malformed') throw new InterpolationError(part.reason, template, part.text);
    const found = lookupName(part.name, scope);
    if (found.found && found.secret && context !== 'stdin' && !missing(part.name, '', true)) {
      const where = contextWords[context];
      const message = `secret "${part.name}" cannot be interpolated into ${where}; pass it on stdin or as a secret file`;
      throw new InterpolationError(message, template, part.text);
    }
    const placeholder = found.found
      ? missing(part.name, '', found.secret)
      : missing(part.name, found.reason, false);
    if (placeholder !== undefined) {
      out += placeholder;
      continue;
    }
    if (!found.found)
      throw new InterpolationError(`unknown name in ${part.text}: ${found.reason}`, template, part.text);
    let value = found.value;
    if (found.source === 'var') {
      if (stack.includes(part.name)) {
        const chain = [...stack.slice(stack.indexOf(part.name)), part.name].join(' → ');
        throw new InterpolationError(`var cycle: ${chain}`, template, part.text);
      }
      value = render(value, scope, 'plain', missing, [...stack, part.name]);
    }
    out += context === 'command' && !part.raw ? quote(value) : value;
  }
  return out;
}

/** Renders a template for a context; throws InterpolationError naming the reference that failed. */
export function interpolate(template: string, scope: Scope, context: InterpolationContext): string {
  return render(template, scope, context, () => undefined, []);
}

/**
 * Renders a template for display before a run (`plan`): secrets become ‹secret:name›, and values not known
 * yet become ‹fact:name›, ‹runtime:name›, ‹form:name› or ‹builtin:name›. Never reveals a secret.
 */
export function previewTemplate(
  template: string,
  scope: Scope,
  context: InterpolationContext,
  catalog: NameCatalog,
): string {
  const missing: Missing = (name, reason, secret) => {
    if (secret || catalog.secrets.has(name)) return `‹secret:${name}›`;
    if (reason === '') return undefined;
    return `‹${classifyName(name, catalog) ?? 'unknown'}:${name}›`;
  };
  return render(template, scope, context, missing, []);
}
