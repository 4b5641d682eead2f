// The confirmation of a critical step: who, where, what it does, what it changes, how to undo it and the
// exact (redacted) command. Every text is wrapped by words to the row it gets (confirm-layout.ts); what
// does not fit the screen scrolls inside the dialog (↑/↓, PgUp/PgDn), marked with how much is left.
// Focus starts on Cancel.
import { Box, Text } from 'ink';
import { useState } from 'react';
import { sanitizeLine, truncateToWidth } from '../../../lib/terminal-text.js';
import {
  bodyRows,
  bodyWindow,
  chromeRows,
  labelWidth,
  titleRows,
  type ConfirmTexts,
} from './confirm-layout.js';
import { DialogButton } from '../../components/Dialog.js';
import { Footer } from '../../components/Footer.js';
import { useConfirmDialog } from './use-confirm-dialog.js';
import { useTheme } from '../../hooks/use-theme.js';

/** Props of {@link ConfirmDialog}; `command` must already be redacted. */
export type ConfirmDialogProps = {
  title: string;
  host: string;
  user: string;
  command?: string;
  /** One line: what the action does (release, config and upload steps have no single command). */
  summary?: string;
  changes?: string;
  undo?: string;
  /** What Cancel does here (decided by the engine: stop, or ask what to do after changes). */
  cancelNote?: string;
  /** Production: the operator must type the host name to proceed. */
  typeHostToConfirm?: boolean;
  width: number;
  /** Rows the dialog may take; the body scrolls inside them. Unset: as many as it needs. */
  height?: number;
  onConfirm: () => void;
  onCancel: () => void;
};

/** The texts of a dialog from its props. */
export function confirmTexts(
  props: Pick<
    ConfirmDialogProps,
    'title' | 'host' | 'user' | 'summary' | 'command' | 'changes' | 'undo' | 'cancelNote'
  >,
): ConfirmTexts {
  return {
    title: `Confirm: ${props.title}`,
    who: `${props.host} as ${props.user}`,
    ...(props.summary !== undefined ? { summary: props.summary } : {}),
    ...(props.command !== undefined ? { command: props.command } : {}),
    ...(props.changes !== undefined ? { changes: props.changes } : {}),
    ...(props.undo !== undefined ? { undo: props.undo } : {}),
    ...(props.cancelNote !== undefined ? { cancel: props.cancelNote } : {}),
  };
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const theme = useTheme();
  const expected = props.typeHostToConfirm ? props.host : undefined;
  const typing = expected !== undefined;
  const texts = confirmTexts(props);
  const rows = bodyRows(texts, props.width);
  const bodyHeight =
    props.height === undefined ? rows.length : props.height - chromeRows(texts, props.width, typing);
  const [offset, setOffset] = useState(0);
  const view = bodyWindow(rows.length, bodyHeight, offset);
  const state = useConfirmDialog({
    expected,
    onConfirm: props.onConfirm,
    onCancel: props.onCancel,
    onScroll: (by) =>
      setOffset((now) => {
        const last = rows.length - view.visible;
        const page = Math.max(1, view.visible - 1);
        const step = by === 'page-up' ? -page : by === 'page-down' ? page : by === 'up' ? -1 : 1;
        return Math.max(0, Math.min(last, Math.min(now, last) + step));
      }),
  });
  const matches = expected !== undefined && state.typed === expected;
  const inner = Math.max(10, props.width - 4);
  const valueWidth = Math.max(10, inner - labelWidth);
  const tone = theme.tone('warn');
  return (
    <Box
      flexDirection="column"
      width={props.width}
      flexShrink={0}
      borderStyle="double"
      borderColor={tone}
      paddingX={1}
    >
      {titleRows(texts.title, props.width).map((row, index) => (
        <Text key={`t${index}`} bold color={tone} wrap="truncate-end">
          {row}
        </Text>
      ))}
      {rows.slice(view.offset, view.offset + view.visible).map((row, index) => (
        <Box key={view.offset + index} flexShrink={0}>
          <Box width={labelWidth} flexShrink={0}>
            <Text dimColor>{row.label}</Text>
          </Box>
          <Box width={valueWidth} flexShrink={0}>
            <Text wrap="truncate-end">{row.text === '' ? ' ' : row.text}</Text>
          </Box>
        </Box>
      ))}
      {view.marker === null ? null : (
        <Text color={theme.tone('accent')} wrap="truncate-end">
          {truncateToWidth(view.marker, inner)}
        </Text>
      )}
      {expected === undefined ? null : (
        <>
          <Text wrap="truncate-end">
            {`Type "${expected}" to proceed: `}
            <Text bold color={matches ? theme.tone('ok') : undefined}>{`${sanitizeLine(state.typed)}▏`}</Text>
            {matches ? <Text color={theme.tone('ok')}>{` ${theme.symbols.ok}`}</Text> : null}
          </Text>
          <Text color={theme.tone('fail')} wrap="truncate-end">
            {state.mismatch
              ? truncateToWidth(`${theme.symbols.fail} type "${expected}" exactly, or Esc to cancel`, inner)
              : ' '}
          </Text>
        </>
      )}
      <Box marginTop={1} gap={2} flexShrink={0}>
        <DialogButton label="Cancel" focused={state.focus === 'cancel' && !matches} />
        <DialogButton label="Confirm" focused={state.focus === 'confirm' || matches} />
      </Box>
      {expected === undefined ? (
        <Footer scopes={['dialog']} width={inner} />
      ) : (
        <Text dimColor wrap="truncate-end">
          {truncateToWidth('type the host name · Enter confirm · Esc cancel · ↑↓ scroll', inner)}
        </Text>
      )}
    </Box>
  );
}
