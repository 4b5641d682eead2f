// The exit codes of DESIGN.md: scripts and CI rely on them.

/** Process exit codes by meaning. */
export const exitCodes = {
  ok: 0,
  /** a step or check failed */
  failed: 1,
  /** usage error or profile error */
  usage: 2,
  /** cannot connect, or host key refused */
  connect: 3,
  /** the deploy lock is held by someone else */
  lockHeld: 4,
  /** the live state moved since the plan was made (`deploy --plan` refused before changing anything) */
  planMoved: 5,
  /** aborted by the operator */
  aborted: 130,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
