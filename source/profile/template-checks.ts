// Static checks of every templated string: readable syntax, every name known, no secret outside stdin, and
// `{{staged}}` only where the engine sets it (config.validate).
import type { IssueSink } from './issue-sink.js';
import { classifyName, isSecretName, splitName, type NameCatalog } from './name-catalog.js';
import { formatPath } from './profile-issue.js';
import { closest } from './schema-keys.js';
import { parseTemplate } from './template-syntax.js';
import type { TemplateSite } from './template-sites.js';

function allNames(catalog: NameCatalog): string[] {
  const fields = [...catalog.forms].flatMap(([form, ids]) => [...ids].map((id) => `${form}.${id}`));
  return [...catalog.runtimeVars, ...catalog.vars, ...fields, ...catalog.facts, ...catalog.builtins];
}

function unknownMessage(name: string, text: string, catalog: NameCatalog): string {
  const { root, rest } = splitName(name);
  const fields = catalog.forms.get(root);
  if (fields && rest !== '') {
    return `unknown form field in ${text}: expected one of ${[...fields].map((f) => `${root}.${f}`).join(', ')}`;
  }
  const guess = closest(name, allNames(catalog));
  const hint = guess ? `; did you mean "${guess}"?` : '';
  return `unknown name in ${text}: expected a runtime var, var, form field (FORM.FIELD), fact or built-in${hint}`;
}

const contextWords = {
  command: 'a command line',
  plain: 'plain text (paths, URLs, titles, vars)',
  env: "a script's env (its values are shown in the command)",
} as const;

/** Checks one templated string. */
export function checkTemplate(site: TemplateSite, catalog: NameCatalog, sink: IssueSink): void {
  for (const part of parseTemplate(site.template)) {
    if (part.kind === 'text') continue;
    if (part.kind === 'malformed') {
      sink.atText(site.path, part.text, part.reason);
      continue;
    }
    const source = classifyName(part.name, catalog);
    if (!source) {
      sink.atText(site.path, part.text, unknownMessage(part.name, part.text, catalog));
    } else if (site.context !== 'stdin' && isSecretName(part.name, catalog.secrets)) {
      const raw = part.raw ? ' (| raw does not change that)' : '';
      const message = `secret "${part.name}" in ${contextWords[site.context]}${raw}: expected secrets only in run.stdin or config.secret_files[].content`;
      sink.atText(site.path, part.text, message);
    } else if (site.context === 'env' && part.raw) {
      sink.atText(
        site.path,
        part.text,
        `expected {{${part.name}}} in run.env: the engine quotes the whole value, so | raw does nothing here`,
      );
    } else if (
      source === 'builtin' &&
      part.name === 'staged' &&
      formatPath(site.path).match(/config\.validate$/) === null
    ) {
      sink.atText(
        site.path,
        part.text,
        `{{staged}} is set only inside config.validate, found it in ${formatPath(site.path)}`,
      );
    }
  }
}
