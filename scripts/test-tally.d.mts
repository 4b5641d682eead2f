export function tally(
  report: unknown,
  vitestExit: number,
): { passed: number; failed: number; skipped: number };
