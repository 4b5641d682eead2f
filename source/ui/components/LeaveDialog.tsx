// Leaving a run that changed something: what is live on each host, and the three ways out (go back to the
// gate · pause, resumable · roll back what was done). Esc goes back: the safe answer is the question again.
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { LeaveChoice } from '../../engine/run/cancel-plan.js';
import type { LeaveRequest } from '../../engine/run/gates.js';
import { sanitizeLine } from '../../lib/terminal-text.js';
import { wrapText } from '../widgets/confirm/confirm-layout.js';
import { DialogButton, DialogField, DialogFrame } from './Dialog.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';

/** Props of {@link LeaveDialog}. */
export type LeaveDialogProps = {
  request: LeaveRequest;
  width: number;
  onChoose: (choice: LeaveChoice) => void;
};

const labels: Readonly<Record<LeaveChoice, { key: string; label: string }>> = {
  back: { key: 'g', label: 'Go back' },
  pause: { key: 'p', label: 'Pause (resumable)' },
  rollback: { key: 'r', label: 'Roll back' },
};

/** The lines the dialog shows (also its height estimate): live state per host, then what each choice does. */
export function leaveLines(request: LeaveRequest): { label: string; text: string }[] {
  const { plan } = request;
  return [
    ...plan.hosts.map((line, index) => ({ label: index === 0 ? 'Live' : '', text: line })),
    { label: 'Go back', text: `to the confirmation of ${request.title}` },
    { label: 'Pause', text: `stop here, resumable: ${plan.resume}, or u on this screen once stopped` },
    ...(plan.rollback === null
      ? []
      : [{ label: 'Roll back', text: `run the ${plan.rollback} rollback now, then stop` }]),
  ];
}

export function LeaveDialog({ request, width, onChoose }: LeaveDialogProps) {
  const choices = request.plan.choices;
  const [focus, setFocus] = useState(0);
  const pick = (choice: LeaveChoice): void => {
    if (choices.includes(choice)) onChoose(choice);
  };
  useKeyLayer({
    scopes: ['dialog'],
    handlers: {
      cancel: () => onChoose('back'),
      confirm: () => false,
      activate: () => onChoose(choices[focus] ?? 'back'),
      'switch-button': (press) =>
        setFocus(
          (current) =>
            (current + (press.name === 'left' || press.name === 'shift-tab' ? -1 : 1) + choices.length) %
            choices.length,
        ),
    },
    onText: (press) => {
      const choice = choices.find((c) => labels[c].key === press.text);
      if (choice === undefined) return false;
      pick(choice);
      return true;
    },
  });
  const valueWidth = Math.max(10, width - 4 - 10);
  return (
    <DialogFrame tone="warn" title={`Cancelled at ${sanitizeLine(request.title)}`} width={width}>
      {leaveLines(request).map((line, index) => (
        <DialogField
          key={index}
          label={line.label}
          labelWidth={10}
          lines={wrapText(line.text, valueWidth)}
          width={valueWidth}
        />
      ))}
      <Box marginTop={1} gap={2}>
        {choices.map((choice, index) => (
          <DialogButton
            key={choice}
            label={`${labels[choice].key} ${labels[choice].label}`}
            focused={index === focus}
          />
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        Tab/←/→ move · Enter select · Esc go back
      </Text>
    </DialogFrame>
  );
}
