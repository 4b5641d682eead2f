// An unknown SSH host key, shown to the operator like OpenSSH's first-connect prompt: host, address:port,
// key type and SHA256 fingerprint, with focus on Reject. y (or Enter on Trust) accepts it; the composition
// root then records it in known_hosts. A CHANGED key never gets here: the verifier refuses it first.
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { sanitizeLine, truncateToWidth, wrapToWidth } from '../../lib/terminal-text.js';
import type { AppServices, HostKeyQuestion } from '../app-services.js';
import { DialogButton, DialogField, DialogFrame } from '../components/Dialog.js';
import { Footer } from '../components/Footer.js';
import { useConfirmDialog } from '../widgets/confirm/use-confirm-dialog.js';
import { useTheme } from '../hooks/use-theme.js';

/** Rows the dialog takes at most (borders included), for the screen below it. */
export const hostKeyDialogRows = 14;

/** Props of {@link HostKeyDialog}. */
export type HostKeyDialogProps = {
  question: HostKeyQuestion;
  width: number;
  onTrust: () => void;
  onReject: () => void;
};

const labelWidth = 13;

export function HostKeyDialog({ question, width, onTrust, onReject }: HostKeyDialogProps) {
  const theme = useTheme();
  const state = useConfirmDialog({ expected: undefined, onConfirm: onTrust, onCancel: onReject });
  const inner = Math.max(10, width - 4);
  const valueWidth = Math.max(10, inner - labelWidth);
  // A fingerprint is wrapped, never truncated: every character of it matters.
  const wrap = (text: string, rows = 2): string[] => wrapToWidth(sanitizeLine(text), valueWidth, rows);
  const host = sanitizeLine(question.host);
  const keyFile = `/etc/ssh/ssh_host_${sanitizeLine(question.keyType).replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub`;
  return (
    <DialogFrame tone="warn" title={`Unknown host key for ${host}`} width={width}>
      <DialogField labelWidth={labelWidth} label="Host" lines={wrap(host, 1)} width={valueWidth} />
      <DialogField
        labelWidth={labelWidth}
        label="Address"
        lines={wrap(`${question.address}:${question.port}`, 1)}
        width={valueWidth}
      />
      <DialogField
        labelWidth={labelWidth}
        label="Key type"
        lines={wrap(question.keyType, 1)}
        width={valueWidth}
      />
      <DialogField
        labelWidth={labelWidth}
        label="Fingerprint"
        lines={wrap(question.fingerprint, Number.POSITIVE_INFINITY)}
        width={valueWidth}
      />
      <Text color={theme.tone('warn')} wrap="truncate-end">
        {truncateToWidth('Verify this fingerprint out of band before trusting it.', inner)}
      </Text>
      <Text wrap="truncate-end">{truncateToWidth(`On the server: ssh-keygen -lf ${keyFile}`, inner)}</Text>
      <Text dimColor wrap="truncate-end">
        {truncateToWidth('Trust records the key in known_hosts; Reject refuses the connection.', inner)}
      </Text>
      <Box marginTop={1} gap={2}>
        <DialogButton label="Reject" focused={state.focus === 'cancel'} />
        <DialogButton label="Trust" focused={state.focus === 'confirm'} />
      </Box>
      <Footer scopes={['dialog']} width={inner} />
    </DialogFrame>
  );
}

/** One unknown host key waiting for the operator; `answer` settles it once. */
export type PendingHostKey = { id: number; question: HostKeyQuestion; answer: (trust: boolean) => void };

/**
 * Installs the dialog as the services' host-key answerer while mounted and returns the question to show
 * now (one at a time, in the order asked). Unmounting refuses every question still open.
 */
export function useHostKeyQuestions(services: AppServices): PendingHostKey | null {
  const [queue, setQueue] = useState<PendingHostKey[]>([]);
  useEffect(() => {
    if (services.setHostKeyAsk === undefined) return undefined;
    let nextId = 1;
    const open = new Set<PendingHostKey>();
    services.setHostKeyAsk(
      (question) =>
        new Promise<boolean>((resolve) => {
          const entry: PendingHostKey = {
            id: nextId++,
            question,
            answer: (trust) => {
              if (!open.delete(entry)) return;
              setQueue((current) => current.filter((candidate) => candidate !== entry));
              resolve(trust);
            },
          };
          open.add(entry);
          setQueue((current) => [...current, entry]);
        }),
    );
    return () => {
      services.setHostKeyAsk?.(undefined);
      for (const entry of [...open]) entry.answer(false);
    };
  }, [services]);
  return queue[0] ?? null;
}
