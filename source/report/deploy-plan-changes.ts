// The plan's "what changes on the hosts" section: each config step's rendered files against the live ones
// (diffs as the facts carry them: secret values already redacted), the .env keys (names, never values) and
// the stored SMTP settings (which fields differ, never their values). Unknown facts say why.
import type { DeployPlan } from '../engine/plan/deploy-plan.js';
import type { PlanRow, PlanSection } from './deploy-plan-sections.js';

/** Diff lines shown per file; the rest is counted (the JSON document carries them all). */
const diffLinesShown = 60;

const row = (text: string, tone: PlanRow['tone'] = 'plain', indent = 0): PlanRow => ({ text, tone, indent });

function configRows(plan: DeployPlan): PlanRow[] {
  const configs = plan.configs;
  if (!configs.known) return [row(`Configs: unknown: ${configs.why}`, 'warn')];
  if (configs.value.length === 0) return [row('Configs: no config step in this run', 'muted')];
  return configs.value.flatMap((config) => [
    row(
      `Config ${config.step} on ${config.host}: ${config.identical ? 'identical to the live files (no write, no reload)' : 'differs from the live files'}`,
      config.identical ? 'muted' : 'warn',
    ),
    ...config.files.flatMap((file) => {
      const what = `${file.path}${file.secret ? ' (secret file: only whether it changed)' : ''}`;
      if (file.identical) return [row(`${what}: identical`, 'muted', 1)];
      const shown = file.secret ? [] : file.diff.slice(0, diffLinesShown);
      const rest = file.secret ? 0 : file.diff.length - shown.length;
      return [
        row(`${what}: changes`, 'warn', 1),
        ...shown.map((line) => row(line, 'muted', 2)),
        ...(rest > 0 ? [row(`… ${rest} more diff lines (in --format json)`, 'muted', 2)] : []),
      ];
    }),
  ]);
}

function envRows(plan: DeployPlan): PlanRow[] {
  const env = plan.envKeys;
  if (!env.known) return [row(`.env keys: unknown: ${env.why}`, 'warn')];
  const { missingLive, onlyLive } = env.value;
  if (missingLive.length === 0 && onlyLive.length === 0)
    return [row(".env keys: the live .env has every key of the target's .env.example, and no other", 'ok')];
  return [
    ...(missingLive.length > 0
      ? [row(`.env keys the target expects, missing from the live .env: ${missingLive.join(', ')}`, 'warn')]
      : []),
    ...(onlyLive.length > 0
      ? [row(`.env keys only in the live .env (not in .env.example): ${onlyLive.join(', ')}`, 'muted')]
      : []),
  ];
}

function smtpRows(plan: DeployPlan): PlanRow[] {
  const smtp = plan.smtpStored;
  if (!smtp.known) return [row(`Stored SMTP settings: unknown: ${smtp.why}`, 'warn')];
  return [
    smtp.value.identical
      ? row('Stored SMTP settings: the same as the run would store (no store)', 'muted')
      : row(`Stored SMTP settings differ: ${smtp.value.differing.join(', ')}`, 'warn'),
  ];
}

/** The section; empty rows never (each fact says what it is, or why it is unknown). */
export function changesSection(plan: DeployPlan): PlanSection {
  return {
    title: 'Configs, .env keys, SMTP settings',
    rows: [...configRows(plan), ...envRows(plan), ...smtpRows(plan)],
  };
}
