// An aborted command that was not found ended on its host (issue 12, Ctrl-C follow-up): the run never says it
// was ended; the step's output says what is left and how to check, and so does the summary. One found ended
// says so, and the summary keeps its plain stop message.
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../source/engine/run/runner.js';
import { TransportError, type ExecRequest, type RemoteEnd } from '../../source/transport/transport.js';
import { healthyHosts, ofType, scriptedGates, tinyProfile } from './tiny-profile.js';
import type { RunEvent } from '../../source/engine/run/events.js';

/** A command that runs until the abort, then reports `end` as the transport's check on the host found it. */
const holdUntilAbort = (end: RemoteEnd) => async (request: ExecRequest) => {
  await new Promise<void>((resolve) =>
    request.signal?.addEventListener('abort', () => resolve(), { once: true }),
  );
  throw new TransportError('aborted', 'app: cancelled: php artisan migrate --force', undefined, end);
};

async function abortAtMigrate(end: RemoteEnd) {
  const { app, map } = healthyHosts();
  const controller = new AbortController();
  app.on(/migrate --force/, holdUntilAbort(end));
  const profile = tinyProfile();
  const runner = createRunner({
    profile,
    plan: { mode: 'deploy', phases: profile.phases },
    transports: map,
    gates: scriptedGates(),
    operator: 'tester',
    signal: controller.signal,
  });
  const events: RunEvent[] = [];
  runner.subscribe((e) => {
    events.push(e);
    // once the command is on its way (the step started it after this event), as a Ctrl-C would come
    if (e.type === 'step-started' && e.stepId === 'migrate') setImmediate(() => controller.abort('operator'));
  });
  const summary = await runner.run();
  const said = ofType(events, 'output')
    .filter((e) => e.stepId === 'migrate' && e.stream === 'stderr')
    .map((e) => e.line);
  return { summary, said, app };
}

describe('what the run says of the command an abort cut short', () => {
  it('left on the host: the step and the summary say it may still run there, and how to check', async () => {
    const { summary, said, app } = await abortAtMigrate({
      kind: 'left',
      processes: ['4242 www-data php artisan migrate --force'],
      check: 'ps -o pid,user,args -p 4242',
    });
    expect(summary).toMatchObject({ outcome: 'aborted', exitCode: 130 });
    expect(said).toEqual([
      'the running command may still be running on app: 1 of its processes could not be ended',
      '  4242 www-data php artisan migrate --force',
      '  check on app with: ps -o pid,user,args -p 4242',
    ]);
    expect(summary.message).toBe(
      'aborted by the operator; step migrate may still be running on app (check: ps -o pid,user,args -p 4242)',
    );
    expect(said.join('\n')).not.toMatch(/was ended/);
    // the lock is released all the same
    expect(app.ran(/lock.released/)).toHaveLength(1);
  });

  it('the host did not answer: unknown, said as such', async () => {
    const { summary, said } = await abortAtMigrate({
      kind: 'unknown',
      reason: 'the host did not answer the request to end it within 10 s',
      check: 'ps -o pid,user,args --sid 77',
    });
    expect(said).toEqual([
      'the running command may still be running on app: the host did not answer the request to end it within 10 s',
      '  check on app with: ps -o pid,user,args --sid 77',
    ]);
    expect(summary.message).toMatch(/may still be running on app \(check: ps -o pid,user,args --sid 77\)$/);
  });

  it('found ended: said once it was, and the summary is the plain stop message', async () => {
    const { summary, said } = await abortAtMigrate({ kind: 'ended' });
    expect(said).toEqual(['the running command was ended on app: none of its processes is left']);
    expect(summary.message).toBe('aborted by the operator');
  });
});
