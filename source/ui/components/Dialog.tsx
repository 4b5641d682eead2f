// The pieces every modal dialog shares (confirm, host key, quit, failure): the double-bordered frame with its
// title line, a labelled field of wrapped lines, and a focusable button.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { wrapText } from '../widgets/confirm/confirm-layout.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';

/** Props of {@link DialogFrame}; `title` is wrapped by words to the inner width. */
export type DialogFrameProps = { tone: Tone; title: string; width: number; children: ReactNode };

export function DialogFrame({ tone, title, width, children }: DialogFrameProps) {
  const theme = useTheme();
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle="double"
      borderColor={theme.tone(tone)}
      paddingX={1}
    >
      {wrapText(title, Math.max(10, width - 4)).map((row, index) => (
        <Text key={`t${index}`} bold color={theme.tone(tone)} wrap="truncate-end">
          {row}
        </Text>
      ))}
      {children}
    </Box>
  );
}

/** A label column and its value lines (already wrapped to `width`). */
export function DialogField(props: { label: string; lines: string[]; width: number; labelWidth?: number }) {
  return (
    <Box>
      <Box width={props.labelWidth ?? 9} flexShrink={0}>
        <Text dimColor>{props.label}</Text>
      </Box>
      <Box flexDirection="column" width={props.width}>
        {props.lines.map((line, index) => (
          <Text key={index} wrap="truncate-end">
            {line}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

/** A dialog button: the focused one is marked with the pointer and shown inverse. */
export function DialogButton({ label, focused }: { label: string; focused: boolean }) {
  const theme = useTheme();
  return (
    <Text inverse={focused} bold={focused} color={focused ? theme.tone('accent') : undefined}>
      {`${focused ? theme.symbols.pointer : ' '} ${label} `}
    </Text>
  );
}
