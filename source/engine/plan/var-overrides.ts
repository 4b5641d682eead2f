// `--var NAME=VALUE` and `deploy --commit REF`: values given on the command line for one run, checked against
// the profile's names. They become runtime vars of the run (first in lookup order, architecture.md), so a value
// is used exactly as written: never expanded as a template, and shell-quoted in commands like any value.
import { classifyName, isSecretName, type NameCatalog } from '../../profile/name-catalog.js';

/** Where a value of the run comes from (the plan's `values` section shows it). */
export type ValueSource = 'profile' | '--var' | '--commit';

/** `--commit REF` as resolved in the local checkout. */
export type CommitChoice = {
  ref: string;
  hash: string;
  /** The checkout REF was resolved in. */
  checkout: string;
  /** REF is the seed report's name of the sandbox's generated commit `hash` (commit-names.ts). */
  seedName?: true;
  /** The value of `--var commit=…` that --commit replaced, if one was given. */
  replacedVar?: string;
};

/** The values given on the command line, by name, and where each came from. */
export type RunValues = {
  overrides: Readonly<Record<string, string>>;
  sources: Readonly<Record<string, Exclude<ValueSource, 'profile'>>>;
  commit?: CommitChoice;
};

/** No value given on the command line. */
export const noRunValues: RunValues = { overrides: {}, sources: {} };

/** What a profile offers to --var. */
export type VarNames = { catalog: NameCatalog; vars: Readonly<Record<string, unknown>> };

/** Parsed overrides, or why one is refused (exit 2: the message names the option, never echoes a value). */
export type VarParse = { ok: true; values: RunValues } | { ok: false; message: string };

function refusal(name: string, names: VarNames): string | undefined {
  const { catalog } = names;
  const hint = `--var sets one of the profile's vars: ${Object.keys(names.vars).join(', ') || 'none'}`;
  if (catalog.secrets.has(name) || isSecretName(name, catalog.secrets))
    return `--var ${name}: a secret is never given on the command line (argv is visible in the process list and shell history); the SMTP password comes from --password-stdin or CHOM_SMTP_PASSWORD`;
  const source = classifyName(name, catalog);
  switch (source) {
    case 'var':
      return undefined;
    case 'form':
      return `--var ${name}: a form field, answered in the form (on a terminal) or with --values FILE (headless), not with --var`;
    case 'runtime':
      return `--var ${name}: supplied at run time (by the sandbox world), not settable. ${hint}`;
    case 'fact':
    case 'builtin':
      return `--var ${name}: set by the run itself (a ${source}), not settable. ${hint}`;
    case undefined:
      return `--var ${name}: the profile has no var named "${name}". ${hint}`;
    default: {
      const unreachable: never = source;
      return unreachable;
    }
  }
}

/** Checks each `NAME=VALUE` against the profile's vars; the value is kept byte for byte. */
export function parseVarOverrides(args: readonly string[], names: VarNames): VarParse {
  const overrides: Record<string, string> = {};
  const sources: Record<string, '--var'> = {};
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at <= 0)
      return {
        ok: false,
        message: `--var expects NAME=VALUE (e.g. --var branch=release-2), got an argument ${at === 0 ? 'with no name before "="' : 'without "="'}`,
      };
    const name = arg.slice(0, at);
    const value = arg.slice(at + 1);
    const refused = refusal(name, names);
    if (refused !== undefined) return { ok: false, message: refused };
    if (name in overrides && overrides[name] !== value)
      return { ok: false, message: `--var ${name} is given twice with different values; give it once` };
    overrides[name] = value;
    sources[name] = '--var';
  }
  return { ok: true, values: { overrides, sources } };
}

/** Adds `--commit`: it wins over `--var commit=…`, and remembers the value it replaced. */
export function withCommit(values: RunValues, choice: Omit<CommitChoice, 'replacedVar'>): RunValues {
  const replaced = values.sources.commit === '--var' ? values.overrides.commit : undefined;
  return {
    overrides: { ...values.overrides, commit: choice.hash },
    sources: { ...values.sources, commit: '--commit' },
    commit: { ...choice, ...(replaced !== undefined && { replacedVar: replaced }) },
  };
}
