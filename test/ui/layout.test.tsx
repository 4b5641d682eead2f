import { Box, Text } from 'ink';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { RingBuffer } from '../../source/lib/ring-buffer.js';
import { Footer } from '../../source/ui/components/Footer.js';
import { Header } from '../../source/ui/components/Header.js';
import { LogPane, logPaneContentRows } from '../../source/ui/widgets/log-pane/LogPane.js';
import { SplitPanes } from '../../source/ui/components/SplitPanes.js';
import { KeyDispatcherProvider, useKeyLayer } from '../../source/ui/hooks/use-key-dispatcher.js';
import { useLogPane } from '../../source/ui/widgets/log-pane/use-log-pane.js';
import { paneGeometry } from '../../source/ui/layout.js';
import type { LogLine } from '../../source/ui/widgets/log-pane/log-view.js';
import {
  cleanupRendered,
  expectFits,
  plainFrame,
  renderAt,
  renderReady,
  waitForFrame,
  waitForText,
} from './support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

describe('paneGeometry', () => {
  it('puts panes side by side from 120 columns', () => {
    expect(paneGeometry(120, 40, 2)).toEqual({
      direction: 'row',
      panes: [
        { width: 60, height: 38 },
        { width: 60, height: 38 },
      ],
    });
    expect(paneGeometry(121, 40, 2).panes.map((pane) => pane.width)).toEqual([61, 60]);
  });

  it('never makes panes taller than the rows given (a tall dialog leaves 7 rows)', () => {
    expect(paneGeometry(120, 7, 2, 0).panes).toEqual([
      { width: 60, height: 7 },
      { width: 60, height: 7 },
    ]);
    expect(paneGeometry(80, 7, 2, 0).panes.map((pane) => pane.height)).toEqual([4, 3]);
  });

  it('stacks panes below 120 columns and splits the height', () => {
    expect(paneGeometry(80, 24, 2)).toEqual({
      direction: 'column',
      panes: [
        { width: 80, height: 11 },
        { width: 80, height: 11 },
      ],
    });
  });
});

function HostPane({
  name,
  buffer,
  width,
  height,
  focused,
}: {
  name: string;
  buffer: RingBuffer<LogLine>;
  width: number;
  height: number;
  focused: boolean;
}) {
  const rows = logPaneContentRows(height, false);
  const pane = useLogPane({ source: buffer, version: 0, rows, focused });
  return (
    <LogPane
      title={name}
      source={buffer}
      state={pane.state}
      width={width}
      height={height}
      focused={focused}
    />
  );
}

/** A screen as the app will wire it: header, two host panes, footer; Tab / 1 / 2 move focus. */
function Screen({
  columns,
  rows,
  buffers,
}: {
  columns: number;
  rows: number;
  buffers: [RingBuffer<LogLine>, RingBuffer<LogLine>];
}) {
  const [focus, setFocus] = useState(0);
  useKeyLayer({
    scopes: ['global'],
    handlers: {
      'focus-next': () => setFocus((current) => (current + 1) % 2),
      'focus-prev': () => setFocus((current) => (current + 1) % 2),
      'focus-pane-1': () => setFocus(0),
      'focus-pane-2': () => setFocus(1),
    },
  });
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Header
        profile="sandbox"
        hosts={[
          { name: 'landsraad', connection: { state: 'connected' } },
          { name: 'mentat', connection: { state: 'connected' } },
        ]}
        lock={{ kind: 'ours' }}
        width={columns}
      />
      <SplitPanes
        columns={columns}
        rows={rows}
        panes={['landsraad', 'mentat'].map((name, index) => (size: { width: number; height: number }) => (
          <HostPane
            name={name}
            buffer={buffers[index]!}
            width={size.width}
            height={size.height}
            focused={focus === index}
          />
        ))}
      />
      <Footer scopes={['pane', 'global']} width={columns} />
    </Box>
  );
}

describe('SplitPanes in a short area', () => {
  it('side by side with 7 rows left (a tall dialog above): both borders close and the status line stays', () => {
    const buffer = new RingBuffer<LogLine>(100);
    for (let i = 1; i <= 40; i += 1) buffer.push({ text: `line ${i}` });
    const frame = plainFrame(
      renderAt(
        <KeyDispatcherProvider>
          <Box flexDirection="column" width={120} height={9}>
            <SplitPanes
              columns={120}
              rows={7}
              reservedRows={0}
              panes={['landsraad', 'mentat'].map((name) => (size: { width: number; height: number }) => (
                <HostPane
                  name={name}
                  buffer={buffer}
                  width={size.width}
                  height={size.height}
                  focused={false}
                />
              ))}
            />
            <Text>status line</Text>
            <Text>footer line</Text>
          </Box>
        </KeyDispatcherProvider>,
        120,
      ),
    );
    const lines = frame.split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[6]).toMatch(/^╰─+╯╰─+╯$/);
    expect(lines[7]).toBe('status line');
    expect(lines[8]).toBe('footer line');
    expect(lines[4]).toContain('line 40');
    expect(lines[5]).toMatch(/38–40\/40/);
  });
});

const hostile = [
  '\u001b[2J\u001b[1;1H\u001b]2;pwned\u0007\u001b[?1049h\u001b[?25lscreen takeover attempt',
  'Downloading  12%\rDownloading  57%\rDownloading 100% ✓',
  'y'.repeat(10_000),
  Buffer.from([0x70, 0x68, 0x70, 0xc3, 0x28, 0xa0, 0xa1]).toString('utf8'),
  '部署完了：リリース 20260107_101500 を有効化しました 🚀👩‍💻🇯🇵 完了',
  '\tindented\twith\ttabs',
  'bells\u0007\u0007 and backspace\b\b\bXY',
];

function buffersWith(extra: string[]): [RingBuffer<LogLine>, RingBuffer<LogLine>] {
  const make = (prefix: string) => {
    const buffer = new RingBuffer<LogLine>(5000);
    for (let index = 0; index < 300; index += 1) buffer.push({ text: `${prefix} ${index}` });
    for (const text of extra) buffer.push({ text });
    return buffer;
  };
  return [make('app'), make('obs')];
}

describe('a two-pane screen', () => {
  for (const [columns, rows, direction] of [
    [80, 24, 'stacked'],
    [120, 40, 'side by side'],
  ] as const) {
    it(`renders ${direction} at ${columns}×${rows} with hostile output inside the frame`, async () => {
      const instance = await renderReady(
        <KeyDispatcherProvider>
          <Screen columns={columns} rows={rows} buffers={buffersWith(hostile)} />
        </KeyDispatcherProvider>,
        columns,
      );
      const frame = await waitForText(instance, 'Downloading 100%');
      expectFits(frame, columns, rows);
      expect(frame.split('\n')).toHaveLength(rows);
      const lines = frame.split('\n');
      const titleLines = lines.filter((line) => line.includes('landsraad  ●') || line.includes('mentat  ●'));
      expect(titleLines).toHaveLength(direction === 'stacked' ? 2 : 1);
      const raw = instance.lastFrame() ?? '';
      for (const sequence of [
        '\u001b]',
        '\u0007',
        '\u001b[2J',
        '\u001b[?1049h',
        '\u001b[?25l',
        '\u001b[1;1H',
      ]) {
        expect(raw).not.toContain(sequence);
      }
    });
  }

  it('routes scroll keys to the focused pane only, and Tab / 2 move focus', async () => {
    const instance = await renderReady(
      <KeyDispatcherProvider>
        <Screen columns={120} rows={40} buffers={buffersWith([])} />
      </KeyDispatcherProvider>,
      120,
    );
    await waitForText(instance, 'obs 299');
    instance.stdin.write('k');
    await waitForFrame(instance, (frame) => frame.includes('○ paused') && !frame.includes('app 299'));
    expect(instance.lastFrame()).toContain('obs 299');
    instance.stdin.write('2');
    const rightFocused = (frame: string): boolean => frame.split('\n')[1]!.indexOf('╔') > 10;
    await waitForFrame(instance, rightFocused);
    instance.stdin.write('k');
    await waitForFrame(instance, (frame) => (frame.match(/○ paused/g) ?? []).length === 2);
    instance.stdin.write('\t');
    // Focus is React state: wait for the frame that shows it before sending the next key.
    await waitForFrame(instance, (frame) => !rightFocused(frame));
    instance.stdin.write('G');
    await waitForText(instance, 'app 299');
    expect(instance.lastFrame()).not.toContain('obs 299');
  });
});
