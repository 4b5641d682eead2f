// Quitting while a run is going on (or the lock is held) asks first; focus starts on Cancel.
import { Box, Text } from 'ink';
import { truncateToWidth } from '../../lib/terminal-text.js';
import { Footer } from '../components/Footer.js';
import { useConfirmDialog } from '../hooks/use-confirm-dialog.js';
import { useTheme } from '../hooks/use-theme.js';

/** Props of {@link QuitDialog}. */
export type QuitDialogProps = { reason: string; width: number; onQuit: () => void; onStay: () => void };

export function QuitDialog({ reason, width, onQuit, onStay }: QuitDialogProps) {
  const theme = useTheme();
  const state = useConfirmDialog({ expected: undefined, onConfirm: onQuit, onCancel: onStay });
  const inner = Math.max(10, width - 4);
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle="double"
      borderColor={theme.tone('warn')}
      paddingX={1}
    >
      <Text bold color={theme.tone('warn')} wrap="truncate-end">
        {truncateToWidth(`Quit? ${reason}`, inner)}
      </Text>
      <Text wrap="truncate-end">
        {truncateToWidth(
          'Quitting aborts the run after the current command and releases the deploy lock.',
          inner,
        )}
      </Text>
      <Box marginTop={1} gap={2}>
        <Text
          inverse={state.focus === 'cancel'}
        >{`${state.focus === 'cancel' ? theme.symbols.pointer : ' '} Stay `}</Text>
        <Text
          inverse={state.focus === 'confirm'}
        >{`${state.focus === 'confirm' ? theme.symbols.pointer : ' '} Quit `}</Text>
      </Box>
      <Footer scopes={['dialog']} width={inner} />
    </Box>
  );
}
