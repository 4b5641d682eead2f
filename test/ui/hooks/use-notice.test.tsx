// One hook for a screen's transient message (issue 15): the App's line under the header belongs to the screen
// stack it was said on (no effect clears it), the run screen's notice gives the status line back after 6 s.
import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useNotice, type NoticeOptions } from '../../../source/ui/hooks/use-notice.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** React and Ink settle on setImmediate, which the fake timers below leave real. */
const settle = async (): Promise<void> => {
  for (let round = 0; round < 5; round += 1) await new Promise((resolve) => setImmediate(resolve));
};

function probe(options: NoticeOptions) {
  const said: { say?: (text?: string) => void } = {};
  function Probe(props: NoticeOptions) {
    const [notice, say] = useNotice(props);
    said.say = say;
    return <Text>{notice ?? '(none)'}</Text>;
  }
  const instance = render(<Probe {...options} />);
  const say = (text?: string) => {
    if (said.say === undefined) throw new Error('the probe did not render');
    said.say(text);
  };
  return { instance, say, rerender: (next: NoticeOptions) => instance.rerender(<Probe {...next} />) };
}

describe('useNotice', () => {
  it('shows what was said on the screen it was said on, and not after the screen changed', async () => {
    const first = ['home'];
    const { instance, say, rerender } = probe({ scope: first });
    say('deploy cannot start: the plan is invalid');
    await settle();
    expect(instance.lastFrame()).toBe('deploy cannot start: the plan is invalid');
    rerender({ scope: ['home', 'run'] });
    await settle();
    expect(instance.lastFrame()).toBe('(none)');
    // coming back to an equal stack is a new stack: the old message stays gone
    rerender({ scope: ['home'] });
    await settle();
    expect(instance.lastFrame()).toBe('(none)');
    say('said again');
    await settle();
    expect(instance.lastFrame()).toBe('said again');
    say(undefined);
    await settle();
    expect(instance.lastFrame()).toBe('(none)');
  });

  it('without expiry a notice stays until the next one replaces it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { instance, say } = probe({});
    say('report written to /tmp/a.md');
    await settle();
    vi.advanceTimersByTime(60_000);
    await settle();
    expect(instance.lastFrame()).toBe('report written to /tmp/a.md');
    say('the probes are still running');
    await settle();
    expect(instance.lastFrame()).toBe('the probes are still running');
  });

  it('expires expireMs after it was said; saying the same words again does not extend it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { instance, say } = probe({ expireMs: 6000 });
    say('landsraad log exported to /tmp/log.md');
    await settle();
    vi.advanceTimersByTime(4000);
    say('landsraad log exported to /tmp/log.md');
    await settle();
    vi.advanceTimersByTime(1999);
    await settle();
    expect(instance.lastFrame()).toBe('landsraad log exported to /tmp/log.md');
    vi.advanceTimersByTime(1);
    await settle();
    expect(instance.lastFrame()).toBe('(none)');
    // a different notice starts its own six seconds
    say('a run is in progress: q aborts it');
    await settle();
    vi.advanceTimersByTime(5999);
    say('could not export the mentat log: EACCES');
    await settle();
    vi.advanceTimersByTime(5999);
    await settle();
    expect(instance.lastFrame()).toBe('could not export the mentat log: EACCES');
    vi.advanceTimersByTime(1);
    await settle();
    expect(instance.lastFrame()).toBe('(none)');
  });
});
