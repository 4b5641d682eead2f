/** A request the profile cannot serve (unknown phase or part, no rollback steps): a usage/profile error (exit 2). */
export class PlanError extends Error {
  constructor(
    message: string,
    /** The option the request named it with (`--only`); a deploy's refusal is prefixed with it. */
    readonly option?: '--from' | '--only',
  ) {
    super(message);
    this.name = 'PlanError';
  }
}
