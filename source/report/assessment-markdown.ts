// The assessment as the seed's report (shared/seed/phase0-deployment-report.md): Executive Summary, Current
// State per host, Changes Not Yet Deployed, Risks, Blockers, Ready to Deploy, Report Metadata. Pure: the TUI
// calls it with the same Assessment the CLI prints.
import type { Assessment } from '../engine/assess/assess-model.js';
import { appSection } from './markdown-app.js';
import { blockersSection, changesSection, risksSection } from './markdown-findings.js';
import { code, commitCode, plain } from './markdown-format.js';
import { observabilitySection } from './markdown-observability.js';

function executiveSummary(a: Assessment): string[] {
  const top = a.findings.find((f) => f.kind !== 'drift') ?? a.findings[0];
  return [
    '## Executive Summary',
    '',
    a.summary.headline,
    '',
    ...(a.summary.status === 'changes-not-deployed'
      ? [
          a.repository === null
            ? 'The live release lacks what the runbook deploys: changes are **NOT YET DEPLOYED** (no repository compared, so which commits is not known).'
            : 'Changes are committed to the repository but **NOT YET DEPLOYED** to the servers.',
          '',
        ]
      : []),
    ...(a.summary.status === 'not-compared'
      ? [
          a.repository === null
            ? 'No repository was compared: whether the servers run the latest commit is **not known** (give `--repo DIR`).'
            : 'The deployed commit is not in the repository: whether the servers run the latest commit is **not known**.',
          '',
        ]
      : []),
    ...(top ? [`**Key Finding:** ${top.title}.`, ''] : []),
    `${a.findings.length} findings: ${['critical', 'high', 'medium', 'low', 'info'].map((s) => `${a.findings.filter((f) => f.severity === s).length} ${s}`).join(', ')}.`,
  ];
}

function metadata(a: Assessment): string[] {
  const app = Object.values(a.hosts).find((h) => h.role === 'app');
  const failed = Object.values(a.hosts).flatMap((h) =>
    h.probes.filter((p) => !p.ok).map((p) => `${h.host}/${p.id}: ${p.detail}`),
  );
  return [
    '## Report Metadata',
    '',
    `- **Generated:** ${a.generated_at} (chom-console assess, profile ${a.profile}, run ${a.run_id})`,
    `- **Repository Commit:** ${a.repository ? commitCode(a.repository.head.short, a.commit_names) : 'not compared (no --repo)'}`,
    `- **Deployed Commit (${app?.host ?? 'app'}):** ${app?.role === 'app' ? commitCode(app.facts.commit, a.commit_names) : 'unknown'}`,
    `- **Assessment Method:** read-only probes over SSH, one batch per host, hosts in parallel (${plain(a.commands_sent)} commands sent, ${a.duration_ms} ms)`,
    '- **Changes Made:** None (read-only assessment: anything that could change a host is refused before sending)',
    `- **Journal:** ${a.journal ? code(a.journal) : 'not kept'}`,
    `- **Ready to Deploy:** ${a.summary.ready_to_deploy ? 'Yes ✅' : 'No ❌'}`,
    ...(failed.length > 0 ? ['', '### Probes That Failed', '', ...failed.map((f) => `- ${f}`)] : []),
  ];
}

export function assessmentMarkdown(a: Assessment): string {
  const sections = Object.values(a.hosts);
  const servers = sections
    .map((h) => `${h.address ?? h.host} (${h.role === 'app' ? 'CHOM app' : 'observability'})`)
    .join(', ');
  const current = sections.flatMap((h, i) => [
    ...(h.role === 'app'
      ? appSection(
          i + 1,
          h,
          a.repository?.missing_components ?? null,
          a.repository?.pending_migrations ?? [],
          a.commit_names,
        )
      : observabilitySection(i + 1, h)),
    '',
  ]);
  return [
    '# CHOM Deployment Assessment (read-only)',
    '',
    `**Date:** ${a.generated_at.slice(0, 10)}`,
    `**Servers:** ${servers}`,
    `**Current Status:** ${a.summary.status === 'incomplete' ? 'READ-ONLY ASSESSMENT INCOMPLETE (a host was unreachable)' : 'READ-ONLY ASSESSMENT COMPLETE'}`,
    '',
    '---',
    '',
    ...executiveSummary(a),
    '',
    '---',
    '',
    '## Current State Assessment',
    '',
    ...current,
    '---',
    '',
    ...changesSection(a),
    '',
    '---',
    '',
    ...risksSection(a),
    '---',
    '',
    ...blockersSection(a),
    '',
    '---',
    '',
    ...metadata(a),
    '',
  ].join('\n');
}

/** The report with a note (why no repository was compared), if any, quoted under its title. */
export function withRepositoryNote(markdown: string, note: string | null): string {
  if (note === null) return markdown;
  const [title, ...rest] = markdown.split('\n');
  return [title, '', `> ${note}`, ...rest].join('\n');
}
