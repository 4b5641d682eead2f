// The `?` overlay for the current screen, closed by ? or Esc; j/k (↓/↑, PgDn/PgUp) scroll it when it does
// not fit; it swallows every other key while open.
import { useState } from 'react';
import { HelpOverlay, helpLayout, helpRows } from '../components/HelpOverlay.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import type { KeyScope } from '../keymap.js';

/** Props of {@link HelpLayer}. */
export type HelpLayerProps = {
  scopes: readonly KeyScope[];
  width: number;
  height: number;
  onClose: () => void;
};

/** How far each key scrolls the overlay (a page is the visible rows). */
const scrollBy = (name: string, page: number): number => {
  switch (name) {
    case 'j':
    case 'down':
      return 1;
    case 'k':
    case 'up':
      return -1;
    case 'pgdn':
    case 'space':
      return page;
    case 'pgup':
      return -page;
    default:
      return 0;
  }
};

export function HelpLayer({ scopes, width, height, onClose }: HelpLayerProps) {
  const [offset, setOffset] = useState(0);
  const rows = helpRows(height);
  const last = Math.max(0, helpLayout(scopes, width).lines.length - rows);
  useKeyLayer({
    scopes: ['dialog'],
    handlers: { cancel: (press) => (press.name === 'esc' ? onClose() : true) },
    onText: (press) => {
      if (press.name === '?') onClose();
      const by = scrollBy(press.name, rows);
      if (by !== 0) setOffset((now) => Math.max(0, Math.min(last, now + by)));
      return true;
    },
  });
  return <HelpOverlay scopes={scopes} width={width} height={height} offset={Math.min(offset, last)} />;
}

/** The keys worth listing for a screen. */
export function helpScopes(
  kind: 'home' | 'preflight' | 'run' | 'checklist' | 'assess' | 'rollback' | 'history' | 'journal',
): KeyScope[] {
  switch (kind) {
    case 'home':
      return ['global', 'home', 'menu', 'list'];
    case 'preflight':
      return ['global', 'preflight'];
    case 'run':
      return ['global', 'run', 'pane', 'dialog', 'failure', 'form', 'field'];
    case 'checklist':
      return ['global', 'checklist', 'list'];
    case 'assess':
      return ['global', 'report', 'list'];
    case 'rollback':
      return ['global', 'menu', 'list', 'dialog'];
    case 'history':
      return ['global', 'menu', 'list'];
    case 'journal':
      return ['global', 'run', 'pane'];
    default: {
      const unknown: never = kind;
      return [String(unknown) as KeyScope];
    }
  }
}
