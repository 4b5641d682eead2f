// Quitting while a run is going on (or the lock is held) asks first; focus starts on Cancel.
import { Box, Text } from 'ink';
import { truncateToWidth } from '../../lib/terminal-text.js';
import { DialogButton, DialogFrame } from '../components/Dialog.js';
import { Footer } from '../components/Footer.js';
import { useConfirmDialog } from '../widgets/confirm/use-confirm-dialog.js';

/** Props of {@link QuitDialog}. */
export type QuitDialogProps = { reason: string; width: number; onQuit: () => void; onStay: () => void };

export function QuitDialog({ reason, width, onQuit, onStay }: QuitDialogProps) {
  const state = useConfirmDialog({ expected: undefined, onConfirm: onQuit, onCancel: onStay });
  const inner = Math.max(10, width - 4);
  return (
    <DialogFrame tone="warn" title={`Quit? ${reason}`} width={width}>
      <Text wrap="truncate-end">
        {truncateToWidth(
          'Quitting aborts the run after the current command and releases the deploy lock.',
          inner,
        )}
      </Text>
      <Box marginTop={1} gap={2}>
        <DialogButton label="Stay" focused={state.focus === 'cancel'} />
        <DialogButton label="Quit" focused={state.focus === 'confirm'} />
      </Box>
      <Footer scopes={['dialog']} width={inner} />
    </DialogFrame>
  );
}
