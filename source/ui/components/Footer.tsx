// Key hints for what has focus, read from the keymap so they can never disagree with the keys.
import { Text } from 'ink';
import { displayWidth } from '../../lib/terminal-text.js';
import { useTheme } from '../hooks/use-theme.js';
import { hintsFor, type KeyAction, type KeyScope } from '../keymap.js';

/** Props of {@link Footer}: the scopes that currently take keys, the columns, actions not available now. */
export type FooterProps = { scopes: readonly KeyScope[]; width: number; omit?: readonly KeyAction[] };

export function Footer({ scopes, width, omit = [] }: FooterProps) {
  const theme = useTheme();
  const shown: { key: string; label: string }[] = [];
  let used = 0;
  for (const hint of hintsFor(scopes).filter((candidate) => !omit.includes(candidate.action))) {
    const size = displayWidth(`${hint.key} ${hint.label}`) + (shown.length > 0 ? 2 : 0);
    if (used + size > width) break;
    shown.push(hint);
    used += size;
  }
  return (
    <Text wrap="truncate-end">
      {shown.map((hint, index) => (
        <Text key={hint.key + hint.label}>
          {index > 0 ? '  ' : ''}
          <Text bold color={theme.tone('accent')}>
            {hint.key}
          </Text>
          <Text dimColor>{` ${hint.label}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
