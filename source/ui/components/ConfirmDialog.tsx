// The confirmation of a critical step: who, where, the exact (redacted) command, what it changes and how
// to undo it. Focus starts on Cancel.
import { Box, Text } from 'ink';
import { sanitizeLine, truncateToWidth, wrapToWidth } from '../../lib/terminal-text.js';
import { DialogButton, DialogField, DialogFrame } from './Dialog.js';
import { Footer } from './Footer.js';
import { useConfirmDialog } from '../hooks/use-confirm-dialog.js';
import { useTheme } from '../hooks/use-theme.js';

/** Props of {@link ConfirmDialog}; `command` must already be redacted. */
export type ConfirmDialogProps = {
  title: string;
  host: string;
  user: string;
  command: string;
  changes?: string;
  undo?: string;
  /** What Cancel does here (decided by the engine: stop, or ask what to do after changes). */
  cancelNote?: string;
  /** Production: the operator must type the host name to proceed. */
  typeHostToConfirm?: boolean;
  width: number;
  onConfirm: () => void;
  onCancel: () => void;
};

const maxCommandRows = 8;

export function ConfirmDialog(props: ConfirmDialogProps) {
  const theme = useTheme();
  const expected = props.typeHostToConfirm ? props.host : undefined;
  const state = useConfirmDialog({ expected, onConfirm: props.onConfirm, onCancel: props.onCancel });
  const valueWidth = Math.max(10, props.width - 4 - 9);
  const wrap = (text: string, rows = maxCommandRows): string[] => {
    const all = text.split('\n').flatMap((line) => wrapToWidth(sanitizeLine(line), valueWidth));
    return all.length <= rows ? all : [...all.slice(0, rows - 1), `… ${all.length - rows + 1} more lines`];
  };
  const matches = expected !== undefined && state.typed === expected;
  return (
    <DialogFrame tone="warn" title={`Confirm: ${sanitizeLine(props.title)}`} width={props.width}>
      <DialogField label="Host" lines={wrap(`${props.host} as ${props.user}`, 2)} width={valueWidth} />
      <DialogField label="Command" lines={wrap(props.command)} width={valueWidth} />
      {props.changes ? (
        <DialogField label="Changes" lines={wrap(props.changes, 3)} width={valueWidth} />
      ) : null}
      {props.undo ? <DialogField label="Undo" lines={wrap(props.undo, 3)} width={valueWidth} /> : null}
      {props.cancelNote ? (
        <DialogField label="Cancel" lines={wrap(props.cancelNote, 6)} width={valueWidth} />
      ) : null}
      {expected === undefined ? null : (
        <Text wrap="truncate-end">
          {`Type "${expected}" to proceed: `}
          <Text bold color={matches ? theme.tone('ok') : undefined}>{`${sanitizeLine(state.typed)}▏`}</Text>
          {matches ? <Text color={theme.tone('ok')}>{` ${theme.symbols.ok}`}</Text> : null}
        </Text>
      )}
      {state.mismatch ? (
        <Text color={theme.tone('fail')} wrap="truncate-end">
          {truncateToWidth(
            `${theme.symbols.fail} type "${expected}" exactly, or Esc to cancel`,
            props.width - 4,
          )}
        </Text>
      ) : null}
      <Box marginTop={1} gap={2}>
        <DialogButton label="Cancel" focused={state.focus === 'cancel' && !matches} />
        <DialogButton label="Confirm" focused={state.focus === 'confirm' || matches} />
      </Box>
      {expected === undefined ? (
        <Footer scopes={['dialog']} width={props.width - 4} />
      ) : (
        <Text dimColor wrap="truncate-end">
          type the host name · Enter confirm · Esc cancel
        </Text>
      )}
    </DialogFrame>
  );
}
