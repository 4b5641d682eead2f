// The `?` overlay for the current screen, closed by ? or Esc; it swallows every other key while open.
import { HelpOverlay } from '../components/HelpOverlay.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import type { KeyScope } from '../keymap.js';

/** Props of {@link HelpLayer}. */
export type HelpLayerProps = {
  scopes: readonly KeyScope[];
  width: number;
  height: number;
  onClose: () => void;
};

export function HelpLayer({ scopes, width, height, onClose }: HelpLayerProps) {
  useKeyLayer({
    scopes: ['dialog'],
    handlers: { cancel: (press) => (press.name === 'esc' ? onClose() : true) },
    onText: (press) => {
      if (press.name === '?') onClose();
      return true;
    },
  });
  return <HelpOverlay scopes={scopes} width={width} height={height} />;
}

/** The keys worth listing for a screen. */
export function helpScopes(kind: 'home' | 'run' | 'checklist' | 'assess' | 'rollback'): KeyScope[] {
  switch (kind) {
    case 'home':
      return ['global', 'home', 'menu', 'list'];
    case 'run':
      return ['global', 'run', 'pane', 'dialog', 'failure', 'form'];
    case 'checklist':
      return ['global', 'checklist', 'list'];
    case 'assess':
      return ['global', 'report', 'list'];
    case 'rollback':
      return ['global', 'menu', 'list', 'dialog'];
    default: {
      const unknown: never = kind;
      return [String(unknown) as KeyScope];
    }
  }
}
