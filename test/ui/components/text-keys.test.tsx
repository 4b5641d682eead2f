// Text fields fed as a terminal feeds them: several keys in one read, an escape sequence cut between two
// reads, a bracketed paste. Each `stdin.write` below is one read.
import { Box } from 'ink';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../source/lib/ring-buffer.js';
import { formSchema } from '../../../source/profile/schema.js';
import { FormView } from '../../../source/ui/widgets/form/FormView.js';
import { LogPane, logPaneContentRows } from '../../../source/ui/widgets/log-pane/LogPane.js';
import { KeyDispatcherProvider, useKeyLayer } from '../../../source/ui/hooks/use-key-dispatcher.js';
import { useLogPane } from '../../../source/ui/widgets/log-pane/use-log-pane.js';
import type { LogLine } from '../../../source/ui/widgets/log-pane/log-view.js';
import { keys, renderReady, waitForFrame, waitForText, type Rendered } from '../support/frames.js';
import { eventually } from '../../helpers/wait-for.js';

afterEach(cleanup);

const paste = (text: string): string => `\u001b[200~${text}\u001b[201~`;

const smtp = formSchema.parse({
  title: 'SMTP relay',
  fields: [
    { id: 'host', label: 'SMTP host', type: 'hostname' },
    { id: 'port', label: 'SMTP port', type: 'port', default: 587 },
    { id: 'user', label: 'SMTP username', type: 'string' },
    { id: 'password', label: 'SMTP password', type: 'secret' },
  ],
});

function form() {
  const submitted: Record<string, string>[] = [];
  const cancelled: string[] = [];
  const tree = (
    <KeyDispatcherProvider>
      <FormView
        form={smtp}
        width={100}
        onSubmit={(values) => submitted.push(values)}
        onCancel={() => cancelled.push('cancel')}
      />
    </KeyDispatcherProvider>
  );
  return { tree, submitted, cancelled };
}

/** The text shown in the row of the field labelled `label` (value, cursor, masks). */
function fieldRow(frame: string, label: string): string {
  const row = frame.split('\n').find((line) => line.includes(` ${label} `)) ?? '';
  return row.slice(row.indexOf(label) + label.length).trim();
}

const showing = (instance: Rendered, label: string, shown: string) =>
  waitForFrame(instance, (frame) => fieldRow(frame, label).startsWith(shown));

describe('form fields take every key of a burst', () => {
  it('abc then three Backspaces in one read leave the field empty (no ␡)', async () => {
    const { tree } = form();
    const instance = await renderReady(tree);
    instance.stdin.write('abc\u007f\u007f\u007f');
    instance.stdin.write('ok.example');
    const frame = await showing(instance, 'SMTP host', 'ok.example▏');
    expect(frame).not.toContain('␡');
  });

  it('a password typed with a burst of Backspaces holds no DEL and is what was meant', async () => {
    const { tree, submitted } = form();
    const instance = await renderReady(tree);
    instance.stdin.write(`smtp.example.com\t\t alerts\t`);
    await waitForText(instance, '❯ SMTP password');
    instance.stdin.write('hunter22\u007f\u007f2\r');
    await eventually(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toEqual({
      host: 'smtp.example.com',
      port: '587',
      user: ' alerts',
      password: 'hunter2',
    });
  });

  it('a Tab inside a burst moves to the next field and the rest of the burst goes there', async () => {
    const { tree } = form();
    const instance = await renderReady(tree);
    instance.stdin.write('smtp.example.com\t\u007f\u007f\u007f2525');
    const frame = await showing(instance, 'SMTP port', '2525▏');
    expect(fieldRow(frame, 'SMTP host')).toMatch(/^smtp\.example\.com\s/);
    expect(frame).toMatch(/❯ SMTP port/);
  });

  it('edits at the cursor: ←/→, Home/End, Ctrl-A/E/U/W/K, Delete, in one read', async () => {
    const { tree } = form();
    const instance = await renderReady(tree);
    instance.stdin.write(`mail.example.com${keys.ctrl('a')}smtp-${keys.ctrl('e')}.org`);
    await showing(instance, 'SMTP host', 'smtp-mail.example.com.org▏');
    instance.stdin.write(`\u007f\u007f\u007f\u007f${keys.ctrl('w')}relay`);
    await showing(instance, 'SMTP host', 'relay▏');
    instance.stdin.write(`\u001b[H${keys.right}${keys.right}\u001b[3~X${keys.left}`);
    await showing(instance, 'SMTP host', 're▏Xay');
    instance.stdin.write(`${keys.ctrl('k')}\u001b[F${keys.ctrl('u')}ok`);
    await showing(instance, 'SMTP host', 'ok▏');
  });

  it('joins an arrow key whose escape sequence is cut between two reads', async () => {
    const { tree, cancelled } = form();
    const instance = await renderReady(tree);
    instance.stdin.write('ab\u001b[');
    // The first read has been taken once its text shows; the arrow's last byte comes in the next read.
    await showing(instance, 'SMTP host', 'ab▏');
    instance.stdin.write('DX');
    await showing(instance, 'SMTP host', 'aX▏b');
    expect(cancelled).toEqual([]);
  });

  it('takes a bracketed paste as text: quotes kept, its line break never submits', async () => {
    const { tree, submitted } = form();
    const instance = await renderReady(tree);
    instance.stdin.write(`smtp.example.com\t\t alerts\t`);
    await waitForText(instance, '❯ SMTP password');
    const password = `p'a"ss wo$(rd)`;
    instance.stdin.write(paste(`${password}\r`));
    await showing(instance, 'SMTP password', `${'•'.repeat(password.length)}▏`);
    expect(submitted).toEqual([]);
    instance.stdin.write(keys.ctrl('r'));
    await showing(instance, 'SMTP password', `${password}▏`);
    instance.stdin.write(keys.enter);
    await eventually(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]?.password).toBe(password);
  });

  it('keeps a line break inside a paste visible in a one-line field, where validation names it', async () => {
    const { tree, submitted } = form();
    const instance = await renderReady(tree);
    instance.stdin.write(paste('smtp.example.com\rsecond line\r'));
    const frame = await showing(instance, 'SMTP host', 'smtp.example.com␊second line▏');
    expect(frame).toContain('✗ contains control characters');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'need attention');
    expect(submitted).toEqual([]);
  });
});

function Pane({ buffer }: { buffer: RingBuffer<LogLine> }) {
  const pane = useLogPane({ source: buffer, version: 0, rows: logPaneContentRows(12, false), focused: true });
  return (
    <Box width={80}>
      <LogPane title="landsraad" source={buffer} state={pane.state} width={80} height={12} focused />
    </Box>
  );
}

describe('the log search prompt takes every key of a burst', () => {
  const buffer = new RingBuffer<LogLine>(100);
  for (let index = 0; index < 50; index += 1)
    buffer.push({ text: index % 10 === 3 ? `ERROR in job ${index}` : `ok ${index}` });

  it('opens, edits at the cursor and applies in one read; a second / starts empty', async () => {
    const instance = await renderReady(
      <KeyDispatcherProvider>
        <Pane buffer={buffer} />
      </KeyDispatcherProvider>,
    );
    await waitForText(instance, 'ok 49');
    instance.stdin.write(`/erorx\u007f${keys.left}${keys.left}r\r`);
    await waitForText(instance, 'match 5/5 "error"');
    instance.stdin.write('/');
    await waitForText(instance, '/▏');
    instance.stdin.write(`${paste('job 4\r')}${keys.ctrl('a')}${keys.ctrl('k')}job 13\r`);
    await waitForText(instance, 'match 1/1 "job 13"');
  });
});

function Globals({ log }: { log: string[] }) {
  useKeyLayer({
    scopes: ['global', 'home'],
    handlers: {
      quit: () => void log.push('quit'),
      rollback: () => void log.push('rollback'),
      'start-deploy': () => void log.push('deploy'),
    },
  });
  return null;
}

describe('outside a text field', () => {
  it('a paste is never taken for keys (no deploy, rollback or quit from pasted text); a burst is', async () => {
    const log: string[] = [];
    const instance = await renderReady(
      <KeyDispatcherProvider>
        <Globals log={log} />
      </KeyDispatcherProvider>,
    );
    instance.stdin.write(paste('dRq\r'));
    instance.stdin.write('dR');
    await eventually(() => expect(log).toEqual(['deploy', 'rollback']));
  });
});
