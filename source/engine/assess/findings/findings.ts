// All findings of an assessment, most severe first (stable order: severity, then kind, then id).
import { severities, type Finding, type FindingKind } from '../assess-model.js';

const kindOrder: FindingKind[] = ['security', 'risk', 'drift'];

/** Sorted and de-duplicated (same id, host and title once). */
export function orderFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const key = `${f.id}|${f.host ?? ''}|${f.title}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
        kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
        a.id.localeCompare(b.id),
    );
}

export { appFindings } from './findings-app.js';
export { driftFindings } from './findings-drift.js';
export { observabilityFindings } from './findings-observability.js';
