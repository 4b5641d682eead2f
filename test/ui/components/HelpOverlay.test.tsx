import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Footer } from '../../../source/ui/components/Footer.js';
import { HelpOverlay } from '../../../source/ui/components/HelpOverlay.js';
import { keymap } from '../../../source/ui/keymap.js';
import { expectFits, plainFrame } from '../support/frames.js';

afterEach(cleanup);

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
