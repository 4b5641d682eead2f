import { describe, expect, it } from 'vitest';
import { GatesBridge } from '../../../../source/ui/gates-bridge.js';
import { startSession } from '../../../../source/ui/screens/session/start-session.js';
import { createFakeServices } from '../../support/fake-services.js';
import { eventually } from '../../../helpers/wait-for.js';

describe('RunSession', () => {
  it('batches output: 6000 lines reach the pane with far fewer notifications than lines', async () => {
    const fake = createFakeServices({ composerLines: 6000 });
    const session = startSession(fake.services, { mode: 'deploy' }, 33);
    let notifications = 0;
    session.subscribe(() => (notifications += 1));
    await eventually(() => expect(session.getSnapshot().gate?.kind).toBe('form'), {
      timeout: 5000,
      interval: 5,
    });
    const gate = session.getSnapshot().gate;
    if (gate?.kind !== 'form') throw new Error('expected the form');
    gate.answer({
      values: { host: 'smtp.example.org', port: '587', from: 'a@example.org', password: 'x' },
      by: 't',
    });
    await eventually(() => expect(session.getSnapshot().gate?.kind).toBe('confirm'), {
      timeout: 5000,
      interval: 5,
    });
    const pane = session.panes.paneFor('landsraad');
    expect(pane.lines.length).toBe(5000);
    expect(pane.lines.dropped).toBeGreaterThan(1000);
    expect(notifications).toBeLessThan(40);
    session.dispose();
    expect(await session.done).toMatchObject({ outcome: 'aborted', exitCode: 130 });
    expect(fake.landsraad.ran(/lock.released/)).toHaveLength(1);
  });

  it('the bridge answers pending questions safely when cancelled', async () => {
    const bridge = new GatesBridge('tester');
    const failure = bridge.gates.failure(
      {
        host: 'h',
        stepId: 's',
        command: 'c',
        exitCode: 1,
        signal: null,
        stderrTail: [],
        message: 'm',
        hint: 'h',
      },
      { canSkip: true, rollback: null, attempt: 1 },
    );
    const form = bridge.gates.form({ id: 'smtp', stepId: 's', form: { title: 't', fields: [] } as never });
    expect(bridge.current()?.kind).toBe('failure');
    bridge.cancelAll();
    expect(await failure).toBe('abort');
    expect(await form).toBe('cancel');
    expect(bridge.current()).toBeNull();
  });
});
