import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Footer } from '../../../source/ui/components/Footer.js';
import { HelpOverlay, helpLayout } from '../../../source/ui/components/HelpOverlay.js';
import { KeyDispatcherProvider } from '../../../source/ui/hooks/use-key-dispatcher.js';
import { keymap } from '../../../source/ui/keymap.js';
import { HelpLayer, helpScopes } from '../../../source/ui/screens/HelpLayer.js';
import {
  cleanupRendered,
  expectFits,
  keys,
  plainFrame,
  renderAt,
  renderReady,
  waitForText,
} from '../support/frames.js';
import { eventually } from '../../helpers/wait-for.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

/** The lines inside the border, without it. */
const inner = (frame: string): string[] =>
  frame
    .split('\n')
    .slice(1, -1)
    .map((line) => line.slice(2, -2));

describe('HelpOverlay', () => {
  it('lists every binding of the keymap, grouped by scope', () => {
    const frame = plainFrame(render(<HelpOverlay width={100} />));
    for (const title of ['Everywhere', 'Log panes', 'Lists', 'Checklist', 'Dialogs', 'Forms'])
      expect(frame).toContain(title);
    // Narrow columns may cut a description's end, never its start.
    for (const binding of keymap) expect(frame).toContain(binding.description.slice(0, 20));
    expect(frame).toMatch(/gg Home\s+Jump to the oldest line/);
    expect(frame).toMatch(/C-u\s+Scroll up half a page/);
  });

  it('limits itself to the requested scopes and fits 80×24 in two columns', () => {
    const frame = plainFrame(render(<HelpOverlay scopes={['global', 'pane']} width={80} height={24} />));
    expect(frame).toMatch(/Everywhere\s+Log panes/);
    expect(frame).toContain('Follow new output on/off');
    expect(frame).not.toContain('Dialogs');
    expectFits(frame, 80, 24);
  });
});

describe('HelpOverlay at the smallest terminal', () => {
  it('shows the run screen keys at 80×24 without overlapping rows, and says how to scroll to the rest', () => {
    const frame = plainFrame(renderAt(<HelpOverlay scopes={helpScopes('run')} width={80} height={24} />, 80));
    expectFits(frame, 80, 24);
    const total = helpLayout(helpScopes('run'), 80).lines.length;
    expect(total).toBeGreaterThan(20);
    expect(frame).toContain(`lines 1–20 of ${total}, j/k scroll`);
    const rows = inner(frame).slice(2);
    expect(rows).toHaveLength(20);
    // every row is exactly two cells wide, each cell either blank or one whole binding/title (no mixing)
    expect(rows[0]).toMatch(/^Everywhere\s+Forms\s*$/);
    expect(rows[1]).toMatch(/^\?\s+Show or hide this help\s+Tab ↓\s+Next field\s*$/);
    // a description longer than its cell goes on in the next row, never cut
    expect(rows[2]).toMatch(/^q\s+Quit \(asks while a deploy\s+S-Tab ↑\s+Previous field\s*$/);
    expect(rows[3]).toMatch(/^\s+runs\)\s+Enter\s+Submit \(when every field\s*$/);
    for (const row of rows) expect(row.length).toBe(76);
  });

  it('scrolls with j and PgDn inside the overlay and closes with ?', async () => {
    let closed = 0;
    const instance = await renderReady(
      <KeyDispatcherProvider>
        <HelpLayer scopes={helpScopes('run')} width={80} height={24} onClose={() => (closed += 1)} />
      </KeyDispatcherProvider>,
      80,
    );
    await waitForText(instance, 'lines 1–20');
    instance.stdin.write('j');
    let frame = await waitForText(instance, 'lines 2–21');
    expect(inner(frame)[2]).toMatch(/^\?\s+Show or hide this help/);
    instance.stdin.write(keys.pgdn);
    instance.stdin.write(keys.pgdn);
    frame = await waitForText(instance, 'Failed step');
    // the run screen's u (resume) and H rows come before it: its first binding is what shows here
    expect(frame).toMatch(/Retry the failed step/);
    expectFits(frame, 80, 24);
    instance.stdin.write('?');
    await eventually(() => expect(closed).toBe(1));
  });
});

describe('Footer', () => {
  it('shows hints of the focused scope before global ones', () => {
    const frame = plainFrame(render(<Footer scopes={['pane', 'global']} width={120} />));
    expect(frame.indexOf('scroll')).toBeLessThan(frame.indexOf('help'));
    expect(frame).toContain('/ search');
    expect(frame).toContain('R rollback');
  });

  it('drops hints that do not fit instead of wrapping', () => {
    const frame = plainFrame(render(<Footer scopes={['pane', 'global']} width={30} />));
    expect(frame.split('\n')).toHaveLength(1);
    expectFits(frame, 30);
  });
});
