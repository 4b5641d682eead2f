// The plan as readable Markdown (also what --plain prints: it reads fine as plain text).
import { deployPlanMarkdown } from './deploy-plan-sections.js';
import type { PlanDocument } from './plan-document.js';
import type { PlanStep } from './plan-step.js';
import { planValuesMarkdown } from './plan-values.js';

function flags(step: PlanStep): string {
  const who = step.host === 'console' ? 'console' : `${step.host}${step.user ? ` as ${step.user}` : ''}`;
  return [
    who,
    step.mutates ? 'mutates' : 'read-only',
    ...(step.critical ? ['CRITICAL: asks for confirmation'] : []),
  ].join(' · ');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function stepLines(step: PlanStep, number: string): string[] {
  const lines = [`${number} **${step.title}** \`${step.id}\` — ${flags(step)}`];
  // A run step's summary is its command, shown in full below.
  if (step.action !== 'run') lines.push(`   ${step.action}: ${step.summary}`);
  const block = (label: string, text: string) =>
    lines.push(`   ${label}:`, '   ```sh', indent(text, '   '), '   ```');
  if (step.command !== undefined) block(step.action === 'config' ? 'validate with' : 'command', step.command);
  if (step.cwd !== undefined) lines.push(`   in: ${step.cwd}`);
  if (step.stdin !== undefined) lines.push(`   stdin: ${step.stdin}`);
  for (const command of step.after ?? []) lines.push(`   then: \`${command}\``);
  if (step.on_failure) lines.push(`   on failure: ${step.on_failure}`);
  if (step.note) lines.push(`   note: ${step.note}`);
  return lines;
}

/** Renders the plan document. */
export function planMarkdown(plan: PlanDocument): string {
  const { profile } = plan;
  const chain = profile.extends.length > 0 ? `, extends ${profile.extends.join(' → ')}` : '';
  const out = [
    `# Plan: ${profile.name}${profile.description ? ` — ${profile.description}` : ''}`,
    '',
    `Profile file: ${profile.file}${chain}`,
  ];
  out.push(
    '',
    'Hosts:',
    ...plan.hosts.map((h) => `- ${h.name}: ${h.address}${h.user ? ` (user ${h.user})` : ''}`),
  );
  out.push(...planValuesMarkdown(plan.values));
  out.push(
    '',
    '## Deploy plan (what a deploy will run, ask, skip, or cannot know yet)',
    '',
    deployPlanMarkdown(plan.deploy),
  );
  plan.phases.forEach((phase, p) => {
    out.push('', `## ${p + 1}. ${phase.title} (\`${phase.id}\`)`, '');
    phase.steps.forEach((step, s) => out.push(...stepLines(step, `${p + 1}.${s + 1}`)));
  });
  if (plan.checks.length > 0) {
    out.push('', '## Success criteria (verify)', '');
    for (const check of plan.checks)
      out.push(`- [${check.group}] **${check.title}** \`${check.id}\` on ${check.host}: ${check.explain}`);
  }
  if (plan.assess.length > 0) {
    out.push('', '## Assessment probes (read-only)', '');
    for (const probe of plan.assess) out.push(`- **${probe.title}** \`${probe.id}\` on ${probe.host}`);
  }
  for (const [target, rollback] of Object.entries(plan.rollback)) {
    out.push('', `## Rollback ${target}: ${rollback.title}`, '');
    rollback.steps.forEach((step, s) => out.push(...stepLines(step, `R${s + 1}.`)));
  }
  return `${out.join('\n')}\n`;
}
