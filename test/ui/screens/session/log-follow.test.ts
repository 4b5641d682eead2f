// Issue 13 item 5: log panes never repeat or reorder lines. The fake follower behaves like `tail -n 50 -F`:
// every start re-prints the same last lines, then waits. One follower per host must serve every run.
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../../../source/ui/app-services.js';
import type { RunSession } from '../../../../source/ui/screens/session/run-session.js';
import { startSession } from '../../../../source/ui/screens/session/start-session.js';
import { createFakeServices } from '../../support/fake-services.js';
import { eventually } from '../../../helpers/wait-for.js';

/** Fake services whose follower re-prints its last two lines on every start, counting live followers. */
function tailLikeServices() {
  const fake = createFakeServices();
  const started: string[] = [];
  let live = 0;
  let maxLive = 0;
  const writers = new Map<string, (line: string) => void>();
  const services: AppServices = {
    ...fake.services,
    follow: async (host, onLine, signal) => {
      started.push(host);
      live += 1;
      maxLive = Math.max(maxLive, live);
      onLine(`${host} old line 1`);
      onLine(`${host} old line 2`);
      writers.set(host, onLine);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      live -= 1;
    },
  };
  return {
    fake,
    services,
    started,
    maxLive: () => maxLive,
    write: (host: string, line: string) => writers.get(host)?.(line),
  };
}

const paneTexts = (session: RunSession, host: string): string[] => {
  session.panes.flush();
  const { lines } = session.panes.paneFor(host);
  return Array.from({ length: lines.length }, (_, index) => lines.at(index)?.text ?? '');
};

const waitForGate = (session: RunSession, kind: 'form' | 'confirm') =>
  eventually(() => expect(session.getSnapshot().gate?.kind).toBe(kind), { timeout: 5000, interval: 5 });

describe('log followers across gates and runs', () => {
  it('a pane that stops following while a step runs resumes where it stopped: no line twice, order kept', async () => {
    const world = tailLikeServices();
    const session = startSession(world.services, { mode: 'deploy' }, 5);
    await waitForGate(session, 'form');
    await eventually(() => expect(paneTexts(session, 'mentat')).toContain('mentat old line 2'));
    world.write('mentat', 'mentat new line 3');
    const gate = session.getSnapshot().gate;
    if (gate?.kind !== 'form') throw new Error('expected the form');
    gate.answer({
      values: { host: 'smtp.example.org', port: '587', from: 'a@example.org', password: 'x' },
      by: 't',
    });
    // While steps run the pane shows step output; a log line arriving then is shown once following resumes.
    world.write('mentat', 'mentat new line 4');
    await waitForGate(session, 'confirm');
    world.write('mentat', 'mentat new line 5');
    await eventually(() => expect(paneTexts(session, 'mentat')).toContain('mentat new line 5'));
    const logLines = paneTexts(session, 'mentat').filter((text) => /^mentat (old|new) line/.test(text));
    expect(logLines).toEqual([
      'mentat old line 1',
      'mentat old line 2',
      'mentat new line 3',
      'mentat new line 4',
      'mentat new line 5',
    ]);
    expect(world.started.filter((host) => host === 'mentat')).toHaveLength(1);
    session.dispose();
    await session.done;
  });

  it('a second run (an assessment after a deploy) reads the same follower: one per host, never two at once', async () => {
    const world = tailLikeServices();
    const deploy = startSession(world.services, { mode: 'deploy' }, 5);
    await waitForGate(deploy, 'form');
    deploy.dispose();
    await deploy.done;
    const assess = startSession(world.services, { mode: 'assess' }, 5);
    await assess.done;
    await eventually(() => expect(paneTexts(assess, 'landsraad')).toContain('landsraad old line 2'));
    world.write('landsraad', 'landsraad new line 3');
    await eventually(() => expect(paneTexts(assess, 'landsraad')).toContain('landsraad new line 3'));
    expect(world.started.filter((host) => host === 'landsraad')).toHaveLength(1);
    expect(world.maxLive()).toBeLessThanOrEqual(2);
    const lines = paneTexts(assess, 'landsraad').filter((text) => text.includes(' line '));
    expect(lines).toEqual(['landsraad old line 1', 'landsraad old line 2', 'landsraad new line 3']);
    // Every line keeps the time it arrived (what `t` shows).
    const { lines: buffer } = assess.panes.paneFor('landsraad');
    for (let index = 0; index < buffer.length; index += 1)
      expect(buffer.at(index)?.time).toBeTypeOf('number');
    assess.dispose();
  });
});
