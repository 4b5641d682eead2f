// The home screen's actions, as data: the list shows them, single keys start them.

/** What the operator can start from home. */
export type HomeAction = 'assess' | 'deploy' | 'verify' | 'rollback' | 'history' | 'quit';

/** One entry of the home list. */
export type HomeEntry = { action: HomeAction; key: string; label: string };

export const homeEntries: readonly HomeEntry[] = [
  { action: 'assess', key: 'a', label: 'Assess both hosts (read-only report)' },
  { action: 'deploy', key: 'd', label: 'Deploy (pre-flight first, then guided step by step)' },
  { action: 'verify', key: 'v', label: 'Verify (success-criteria checklist)' },
  { action: 'rollback', key: 'R', label: 'Roll back (pick a release or snapshot)' },
  { action: 'history', key: 'h', label: 'Run history (reopen a past run, read-only)' },
  { action: 'quit', key: 'q', label: 'Quit' },
];
