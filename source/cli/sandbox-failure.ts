// What a command says when it cannot start the sandbox world: the reason, and the way out that fits it.
import { WorldInUseError } from '../sandbox/lifecycle/sandbox.js';

/** The reason, then (unless the reason already says what to do) how to recover. */
export function sandboxFailure(home: string, error: unknown): string[] {
  const reason = `cannot start the sandbox world under ${home}: ${(error as Error).message}`;
  return error instanceof WorldInUseError
    ? [reason]
    : [reason, '`chom-console sandbox reset` re-seeds it; `chom-console sandbox status` shows its state.'];
}
