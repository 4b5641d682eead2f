// The checklist as Markdown for the change ticket: one section per group, a box per criterion, and the
// failing ones with what the failure means and the evidence.
import { checkGroups, checklistSummary, type ChecklistItem } from '../../checklist-view.js';

const box = { passed: '[x]', failed: '[ ]', running: '[ ]', pending: '[ ]', skipped: '[-]' } as const;

export function checklistMarkdown(items: readonly ChecklistItem[], profile: string, at: Date): string {
  const lines = [
    `# Success criteria: ${profile}`,
    '',
    `${checklistSummary(items)} · ${at.toISOString()}`,
    '',
  ];
  for (const group of checkGroups) {
    const members = items.filter((item) => item.group === group);
    if (members.length === 0) continue;
    lines.push(`## ${group}`, '');
    for (const item of members) {
      lines.push(`- ${box[item.state]} ${item.title}${item.state === 'failed' ? ' — **FAILED**' : ''}`);
      if (item.state === 'failed') {
        if (item.explain) lines.push(`  - Means: ${item.explain}`);
        if (item.detail)
          lines.push(`  - Evidence: \`${item.detail.replace(/`/g, "'").replace(/\n/g, ' ⏎ ')}\``);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
