// What a command says when the sandbox world cannot start: a world that already runs gets no advice to re-seed.
import { describe, expect, it } from 'vitest';
import { sandboxFailure } from '../../source/cli/sandbox-failure.js';
import { WorldInUseError } from '../../source/sandbox/lifecycle/sandbox.js';

describe('sandbox start failures', () => {
  it('points at reset and status for a world that cannot start', () => {
    expect(sandboxFailure('/h', new Error('sandbox: cannot listen on 127.0.0.1:20001 (EADDRINUSE)'))).toEqual(
      [
        'cannot start the sandbox world under /h: sandbox: cannot listen on 127.0.0.1:20001 (EADDRINUSE)',
        '`chom-console sandbox reset` re-seeds it; `chom-console sandbox status` shows its state.',
      ],
    );
  });

  it('gives only the reason for a world that already runs (it says what to do itself)', () => {
    expect(
      sandboxFailure('/h', new WorldInUseError('sandbox: this world already runs in process 42; stop it')),
    ).toEqual([
      'cannot start the sandbox world under /h: sandbox: this world already runs in process 42; stop it',
    ]);
  });
});
