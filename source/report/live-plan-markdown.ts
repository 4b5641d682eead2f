// `plan --live` as Markdown: the deploy plan's sections (where, what, configs, steps, backups, last run),
// then what only the live plan carries: each step's exact command with
// will-run or skip, the critical steps, and the deciding facts behind the fingerprint.
import type { LivePlan, PlannedCommand } from '../engine/plan/live-plan.js';
import { deployPlanMarkdown } from './deploy-plan-sections.js';

function verdict(step: PlannedCommand): string {
  switch (step.disposition) {
    case 'run':
      return 'will run';
    case 'ask':
      return step.critical
        ? 'will run, CRITICAL: asks for confirmation (headless: --yes)'
        : 'will run after the form';
    case 'skip':
      return `skip: ${step.reason ?? ''}`;
    case 'unknown':
      return `decided during the run: ${step.reason ?? ''}`;
    default: {
      const unreachable: never = step.disposition;
      return unreachable;
    }
  }
}

function commandLines(plan: LivePlan): string[] {
  return plan.steps.flatMap((step, i) => [
    `${i + 1}. \`${step.step}\` on ${step.host} (${step.phase}) — ${verdict(step)}`,
    ...(step.disposition === 'skip'
      ? []
      : ['   ```sh', ...step.command.split('\n').map((line) => `   ${line}`), '   ```']),
  ]);
}

/** Renders the document. */
export function livePlanMarkdown(plan: LivePlan): string {
  const out = [
    `# Live plan: ${plan.profile}`,
    '',
    `Made ${plan.madeAt} by ${plan.madeBy} from the live hosts (read-only).`,
    '',
    deployPlanMarkdown(plan.deploy),
    '',
    '### Commands (will run or skip, in order)',
    '',
    ...commandLines(plan),
    '',
    '### Critical steps',
    '',
    plan.critical.length === 0 ? '- none' : `- ${plan.critical.join(', ')}`,
    '',
    `### Deciding facts (fingerprint ${plan.fingerprint})`,
    '',
    ...plan.deciding.map((f) => `- ${f.label}: ${f.value}${f.why !== undefined ? ` (${f.why})` : ''}`),
    '',
    'Apply exactly this plan with `chom-console deploy --plan FILE` (FILE from `plan --live --out FILE`): it',
    'refuses, changing nothing, if one of these facts moved by the time it holds the deploy lock.',
  ];
  return `${out.join('\n')}\n`;
}
