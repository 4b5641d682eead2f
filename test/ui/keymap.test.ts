import { describe, expect, it } from 'vitest';
import { bindingsFor, keyLabel, keymap, type KeyScope } from '../../source/ui/keymap.js';

const keysOf = (scope: KeyScope, action: string): readonly string[] =>
  keymap.find((binding) => binding.scope === scope && binding.action === action)?.keys ?? [];

describe('keymap', () => {
  it('follows the k9s / lazygit conventions of the anchors', () => {
    expect(keysOf('global', 'help')).toContain('?');
    expect(keysOf('global', 'quit')).toContain('q');
    expect(keysOf('global', 'back')).toContain('esc');
    expect(keysOf('global', 'focus-next')).toContain('tab');
    expect(keysOf('global', 'focus-prev')).toContain('shift-tab');
    expect(keysOf('global', 'focus-pane-1')).toEqual(['1']);
    expect(keysOf('global', 'rollback')).toEqual(['R']);
    expect(keysOf('pane', 'top')).toEqual(expect.arrayContaining(['g g']));
    expect(keysOf('pane', 'bottom')).toContain('G');
    expect(keysOf('pane', 'half-page-down')).toEqual(['ctrl-d']);
    expect(keysOf('pane', 'search')).toEqual(['/']);
    expect(keysOf('pane', 'next-match')).toEqual(['n']);
    expect(keysOf('pane', 'prev-match')).toEqual(['N']);
    expect(keysOf('pane', 'toggle-wrap')).toEqual(['w']);
    expect(keysOf('pane', 'toggle-timestamps')).toEqual(['t']);
    expect(keysOf('pane', 'toggle-follow')).toEqual(['f']);
    expect(keysOf('checklist', 'rerun')).toEqual(['r']);
    expect(keysOf('list', 'details')).toEqual(['enter']);
  });

  it('never binds one key twice within a scope', () => {
    const seen = new Set<string>();
    for (const binding of keymap) {
      for (const key of binding.keys) {
        const id = `${binding.scope}:${key}`;
        expect(seen.has(id), `duplicate ${id}`).toBe(false);
        seen.add(id);
      }
    }
  });

  it('describes every binding', () => {
    for (const binding of keymap) expect(binding.description.length).toBeGreaterThan(3);
  });

  it('labels keys for people and filters by scope', () => {
    expect(keyLabel('ctrl-u')).toBe('C-u');
    expect(keyLabel('g g')).toBe('gg');
    expect(keyLabel('shift-tab')).toBe('S-Tab');
    expect(keyLabel('up')).toBe('↑');
    expect(bindingsFor(['dialog']).every((binding) => binding.scope === 'dialog')).toBe(true);
  });
});
