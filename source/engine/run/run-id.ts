// Run ids: sortable by time, unique, and safe inside file names (they name journals, backups, staging).
import { randomBytes } from 'node:crypto';

export function newRunId(now: Date = new Date()): string {
  // 20260109T083012123Z: milliseconds keep two runs in one second in order.
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
