import { describe, expect, it } from 'vitest';
import { dispatchKey, type KeyLayer } from '../../source/ui/key-dispatch.js';
import type { KeyScope } from '../../source/ui/keymap.js';

const press = (name: string, text = name.length === 1 ? name : '') => ({ name, text });

function layer(
  id: string,
  scopes: KeyScope[],
  order: number,
  log: string[],
  extra: Partial<KeyLayer> = {},
): KeyLayer {
  const record = (action: string) => () => {
    log.push(`${id}:${action}`);
  };
  return {
    id,
    scopes,
    order,
    handlers: {
      quit: record('quit'),
      rollback: record('rollback'),
      back: record('back'),
      cancel: record('cancel'),
      'scroll-down': record('scroll-down'),
      'select-down': record('select-down'),
      top: record('top'),
      'focus-next': record('focus-next'),
      'next-field': record('next-field'),
    },
    ...extra,
  };
}

describe('dispatchKey', () => {
  it('gives dialog > form > pane > global priority', () => {
    const log: string[] = [];
    const layers = [
      layer('global', ['global'], 0, log),
      layer('pane', ['pane'], 1, log),
      layer('dialog', ['dialog'], 2, log),
    ];
    dispatchKey(layers, press('esc'), undefined);
    expect(log).toEqual(['dialog:cancel']);
  });

  it('lets a modal layer swallow keys it does not use', () => {
    const log: string[] = [];
    const layers = [layer('global', ['global'], 0, log), layer('dialog', ['dialog'], 1, log)];
    const result = dispatchKey(layers, press('R'), undefined);
    expect(result.handled).toBe(false);
    expect(log).toEqual([]);
  });

  it('sends typed text to a form instead of global bindings', () => {
    const log: string[] = [];
    const typed: string[] = [];
    const form = layer('form', ['form'], 1, log, { onText: (key) => void typed.push(key.text) });
    const layers = [layer('global', ['global'], 0, log), form];
    dispatchKey(layers, press('q'), undefined);
    dispatchKey(layers, press('tab'), undefined);
    expect(typed).toEqual(['q']);
    expect(log).toEqual(['form:next-field']);
  });

  it('falls through from the focused pane to global bindings', () => {
    const log: string[] = [];
    const layers = [layer('global', ['global'], 0, log), layer('pane', ['pane'], 1, log)];
    dispatchKey(layers, press('j'), undefined);
    dispatchKey(layers, press('R'), undefined);
    dispatchKey(layers, press('tab'), undefined);
    expect(log).toEqual(['pane:scroll-down', 'global:rollback', 'global:focus-next']);
  });

  it('resolves the gg chord and drops a broken chord', () => {
    const log: string[] = [];
    const layers = [layer('pane', ['pane'], 0, log)];
    const first = dispatchKey(layers, press('g'), undefined);
    expect(first).toEqual({ handled: true, pendingChord: 'g' });
    const second = dispatchKey(layers, press('g'), first.pendingChord);
    expect(second).toEqual({ handled: true, pendingChord: undefined });
    const broken = dispatchKey(layers, press('j'), 'g');
    expect(broken.pendingChord).toBeUndefined();
    expect(log).toEqual(['pane:top', 'pane:scroll-down']);
  });

  it('tries the next binding when a handler declines', () => {
    const log: string[] = [];
    const pane = layer('pane', ['pane'], 1, log, { handlers: { 'scroll-down': () => false } });
    const list = layer('list', ['list'], 0, log);
    dispatchKey([pane, list], press('j'), undefined);
    expect(log).toEqual(['list:select-down']);
  });

  it('prefers the latest registration among equal priority', () => {
    const log: string[] = [];
    dispatchKey([layer('a', ['dialog'], 0, log), layer('b', ['dialog'], 5, log)], press('n'), undefined);
    expect(log).toEqual(['b:cancel']);
  });

  it('marks keys that only edited a text field, so the rest of a burst need not wait for a render', () => {
    const log: string[] = [];
    const typed: string[] = [];
    const field = layer('field', ['form', 'field'], 1, log, {
      handlers: {
        'delete-back': () => void log.push('field:delete-back'),
        submit: () => void log.push('field:submit'),
      },
      onText: (key) => void typed.push(key.text),
    });
    const pane = layer('pane', ['pane'], 0, log, { onText: () => true });
    expect(dispatchKey([field, pane], press('a'), undefined).typed).toBe(true);
    expect(dispatchKey([field, pane], press('backspace'), undefined).typed).toBe(true);
    // Enter submits (a dialog may open): the next key waits until that has rendered.
    expect(dispatchKey([field, pane], press('enter'), undefined)).toEqual({
      handled: true,
      pendingChord: undefined,
    });
    // Text taken by a layer that is no text field (help's `?` closes it) is no edit either.
    expect(dispatchKey([pane], press('x'), undefined)).toEqual({ handled: true, pendingChord: undefined });
    expect(log).toEqual(['field:delete-back', 'field:submit']);
    expect(typed).toEqual(['a']);
  });
});
