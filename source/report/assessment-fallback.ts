// A plain assessment report when the composition root gives none: every probe with its verdict and facts.
import type { RunSummary } from '../engine/run/runner.js';

export function fallbackAssessReport(summary: RunSummary, profile: string): string {
  const lines = [`# Assessment: ${profile}`, '', `Run ${summary.runId} · ${summary.outcome}`, ''];
  const hosts = [...new Set(summary.probes.map((probe) => probe.host))];
  for (const host of hosts) {
    lines.push(`## ${host}`, '');
    for (const probe of summary.probes.filter((candidate) => candidate.host === host)) {
      lines.push(`- ${probe.ok ? '✓' : '✗'} ${probe.title} (${probe.detail})`);
      for (const [name, value] of Object.entries(probe.facts)) {
        lines.push(`  - ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
