import { Box } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { RingBuffer } from '../../../../source/lib/ring-buffer.js';
import {
  LogPane,
  logPaneContentRows,
  type FailedStep,
} from '../../../../source/ui/widgets/log-pane/LogPane.js';
import { KeyDispatcherProvider } from '../../../../source/ui/hooks/use-key-dispatcher.js';
import { useLogPane, useStepSource } from '../../../../source/ui/widgets/log-pane/use-log-pane.js';
import type { LogLine } from '../../../../source/ui/widgets/log-pane/log-view.js';
import {
  expectFits,
  keys,
  plainFrame,
  renderReady,
  waitForFrame,
  waitForText,
} from '../../support/frames.js';

afterEach(cleanup);

type HarnessProps = {
  buffer: RingBuffer<LogLine>;
  version?: number;
  width: number;
  height: number;
  focused?: boolean;
  failure?: FailedStep;
};

function Harness({ buffer, version = 0, width, height, focused = true, failure }: HarnessProps) {
  const source = useStepSource(buffer, version, failure?.step);
  const pane = useLogPane({
    source,
    version,
    rows: logPaneContentRows(height, failure !== undefined),
    focused,
  });
  return (
    <Box width={width}>
      <LogPane
        title="landsraad"
        source={source}
        state={pane.state}
        width={width}
        height={height}
        focused={focused}
        failure={failure}
        formatTime={() => '12:34:56'}
      />
    </Box>
  );
}

const tree = (props: HarnessProps) => (
  <KeyDispatcherProvider>
    <Harness {...props} />
  </KeyDispatcherProvider>
);

function numbered(
  count: number,
  capacity = 5000,
  text = (index: number) => `line ${index}`,
): RingBuffer<LogLine> {
  const buffer = new RingBuffer<LogLine>(capacity);
  for (let index = 0; index < count; index += 1)
    buffer.push({ text: text(index), time: 0, step: index % 2 ? 'odd' : 'even' });
  return buffer;
}

describe('LogPane', () => {
  it('follows the newest lines and fits 80×24', async () => {
    const instance = await renderReady(tree({ buffer: numbered(100), width: 80, height: 24 }));
    const frame = await waitForText(instance, 'line 99');
    expect(frame).toContain('landsraad');
    expect(frame).toContain('● follow');
    expect(frame).toContain('line 80');
    expect(frame).not.toContain('line 79');
    expect(frame).toContain('81–100/100');
    expectFits(frame, 80, 24);
    expect(frame.split('\n')).toHaveLength(24);
  });

  it('renders only the visible window after 200k lines, with the dropped count', async () => {
    const buffer = numbered(200_000);
    const instance = await renderReady(tree({ buffer, width: 120, height: 40 }));
    const frame = await waitForText(instance, 'line 199999');
    expect(frame).toContain('⋯ 195,000 dropped');
    expect(frame.split('\n')).toHaveLength(40);
    expectFits(frame, 120, 40);
  });

  it('updates when lines arrive while following, and stays put while paused', async () => {
    const buffer = numbered(50);
    const instance = await renderReady(tree({ buffer, version: 0, width: 60, height: 10 }));
    await waitForText(instance, 'line 49');
    buffer.push({ text: 'fresh output' });
    instance.rerender(tree({ buffer, version: 1, width: 60, height: 10 }));
    await waitForText(instance, 'fresh output');
    instance.stdin.write('k');
    await waitForText(instance, '○ paused');
    buffer.push({ text: 'newer output' });
    instance.rerender(tree({ buffer, version: 2, width: 60, height: 10 }));
    const paused = await waitForText(instance, '↓ 2 more');
    expect(paused).not.toContain('newer output');
    instance.stdin.write('G');
    await waitForText(instance, 'newer output');
  });

  it('scrolls with gg, ctrl-d, PgUp and toggles follow with f', async () => {
    const instance = await renderReady(tree({ buffer: numbered(100), width: 60, height: 10 }));
    await waitForText(instance, 'line 99');
    instance.stdin.write('g');
    instance.stdin.write('g');
    await waitForFrame(instance, (frame) => frame.includes('line 0\n') || /line 0\s/.test(frame));
    instance.stdin.write(keys.ctrl('d'));
    await waitForText(instance, '4–9/100');
    instance.stdin.write(keys.pgdn);
    await waitForText(instance, '10–15/100');
    instance.stdin.write('f');
    await waitForText(instance, 'line 99');
    instance.stdin.write('f');
    await waitForText(instance, '○ paused');
  });

  it('searches with highlight and steps through matches with n / N', async () => {
    const buffer = numbered(100, 5000, (index) =>
      index % 10 === 3 ? `ERROR in job ${index}` : `ok ${index}`,
    );
    const instance = await renderReady(tree({ buffer, width: 80, height: 12 }));
    await waitForText(instance, 'ok 99');
    instance.stdin.write('/');
    await waitForText(instance, '/▏');
    instance.stdin.write('error');
    await waitForText(instance, '/error▏');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'match 10/10 "error"');
    instance.stdin.write('n');
    const first = await waitForText(instance, 'match 1/10');
    expect(first).toContain('ERROR in job 3');
    instance.stdin.write('N');
    await waitForText(instance, 'match 10/10');
  });

  it('wraps long lines on w and shows timestamps on t', async () => {
    const buffer = numbered(1, 10, () => 'W'.repeat(150));
    const instance = await renderReady(tree({ buffer, width: 62, height: 10 }));
    await waitForText(instance, 'W…');
    instance.stdin.write('w');
    const wrapped = await waitForText(instance, 'wrap');
    expect(wrapped.match(/W{60}/g)).toHaveLength(2);
    instance.stdin.write('t');
    await waitForText(instance, 'hh:mm:ss WWW'); // the clock is masked
  });

  it('keeps hostile output inside the frame', async () => {
    const hostile = [
      '\u001b[2J\u001b[H\u001b]0;owned\u0007\u001b[?1049hcleared?',
      '\u0007\u0007bell',
      ' 10%\r 55%\r100% downloaded',
      'x'.repeat(10_000),
      Buffer.from([0x61, 0xff, 0xfe, 0x62]).toString('utf8'),
      'bad surrogate \ud800 here',
      '部署完了部署完了部署完了部署完了部署完了部署完了部署完了部署完了 emoji 👩‍💻👩‍💻👩‍💻🇩🇪 ✅ end',
      'tab\tseparated\tvalues\tmore',
      '\u009b31mC1 CSI\u009d0;title\u0007',
    ];
    const buffer = new RingBuffer<LogLine>(100);
    for (const text of hostile) buffer.push({ text });
    for (const [width, height] of [
      [80, 24],
      [120, 40],
      [41, 16],
    ] as const) {
      const instance = await renderReady(tree({ buffer, width, height }));
      const frame = await waitForText(instance, '100% downloaded');
      expectFits(frame, width, height);
      const raw = instance.lastFrame() ?? '';
      // eslint-disable-next-line no-control-regex -- hostile-content checks look for control characters
      expect(raw).not.toMatch(/\u001b\]|\u0007|\u001b\[2J|\u001b\[\?1049|\u009b|\u009d/u);
      expect(frame).not.toContain('10%');
      instance.stdin.write('w');
      const wrapped = await waitForText(instance, 'wrap');
      expectFits(wrapped, width, height);
      instance.unmount();
    }
  });

  it('expands a failed step: banner and only that step’s lines', async () => {
    const buffer = numbered(20);
    const failure = { step: 'odd', title: 'migrate', exitCode: 1, hint: 'R rolls back' };
    const instance = await renderReady(tree({ buffer, width: 80, height: 24, failure }));
    const frame = await waitForText(instance, '✗ migrate failed (exit 1) · R rolls back');
    expect(frame).toContain('line 19');
    expect(frame).not.toContain('line 18');
    expectFits(frame, 80, 24);
  });

  it('shows focus with a double border and no focus with a rounded one, ignoring keys', async () => {
    const buffer = numbered(30);
    const focused = await renderReady(tree({ buffer, width: 40, height: 8 }));
    expect(await waitForText(focused, 'line 29')).toContain('╔');
    const unfocused = await renderReady(tree({ buffer, width: 40, height: 8, focused: false }));
    const frame = await waitForText(unfocused, 'line 29');
    expect(frame).toContain('╭');
    unfocused.stdin.write('k');
    expect(plainFrame(unfocused)).toContain('● follow');
  });
});
