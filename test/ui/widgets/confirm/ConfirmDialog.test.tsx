import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import {
  ConfirmDialog,
  type ConfirmDialogProps,
} from '../../../../source/ui/widgets/confirm/ConfirmDialog.js';
import { decideConfirm, initialConfirm } from '../../../../source/ui/widgets/confirm/confirm-state.js';
import { KeyDispatcherProvider, useKeyLayer } from '../../../../source/ui/hooks/use-key-dispatcher.js';
import { expectFits, keys, renderReady, waitForText } from '../../support/frames.js';
import { waitFor } from '../../../helpers/wait-for.js';

afterEach(cleanup);

function GlobalSpy({ log }: { log: string[] }) {
  useKeyLayer({
    scopes: ['global'],
    handlers: { rollback: () => void log.push('rollback'), back: () => void log.push('back') },
  });
  return null;
}

function HelpSpy({ log }: { log: string[] }) {
  useKeyLayer({ scopes: ['global'], handlers: { help: () => void log.push('help') } });
  return null;
}

function setup(overrides: Partial<ConfirmDialogProps> = {}) {
  const answers: string[] = [];
  const globals: string[] = [];
  const helps: string[] = [];
  const props: ConfirmDialogProps = {
    title: 'Run database migrations',
    host: 'landsraad',
    user: 'deploy',
    command: "cd '/var/www/chom/releases/20260107_101500' && php artisan migrate --force",
    changes: 'Applies 3 pending migrations (batch 8)',
    undo: 'php artisan migrate:rollback --step=3',
    width: 80,
    onConfirm: () => answers.push('confirm'),
    onCancel: () => answers.push('cancel'),
    ...overrides,
  };
  const tree = (
    <KeyDispatcherProvider>
      <GlobalSpy log={globals} />
      <HelpSpy log={helps} />
      <ConfirmDialog {...props} />
    </KeyDispatcherProvider>
  );
  return { tree, answers, globals, helps };
}

const until = (check: () => boolean): Promise<void> => waitFor(check, 'the dialog to answer');

describe('ConfirmDialog', () => {
  it('shows host, user, the exact command, changes and undo, with focus on Cancel', async () => {
    const { tree } = setup({ width: 100 });
    const instance = await renderReady(tree);
    const frame = await waitForText(instance, 'Confirm: Run database migrations');
    expect(frame).toContain('landsraad as deploy');
    expect(frame).toContain("cd '/var/www/chom/releases/20260107_101500' && php artisan migrate --force");
    expect(frame).toContain('Applies 3 pending migrations');
    expect(frame).toContain('migrate:rollback --step=3');
    expect(frame).toContain('❯ Cancel');
    expect(frame).not.toContain('❯ Confirm');
    expect(frame).toMatch(/y\s+yes/);
    expectFits(frame, 100);
  });

  it('Enter on the default focus cancels', async () => {
    const { tree, answers } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write(keys.enter);
    await until(() => answers.length > 0);
    expect(answers).toEqual(['cancel']);
  });

  it('y confirms; n and Esc cancel; the dialog swallows global keys', async () => {
    const { tree, answers, globals } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write('R');
    instance.stdin.write('y');
    await until(() => answers.length === 1);
    instance.stdin.write('n');
    await until(() => answers.length === 2);
    instance.stdin.write(keys.esc);
    await until(() => answers.length === 3);
    expect(answers).toEqual(['confirm', 'cancel', 'cancel']);
    expect(globals).toEqual([]);
  });

  it('Tab moves focus to Confirm, then Enter confirms', async () => {
    const { tree, answers } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write(keys.tab);
    await waitForText(instance, '❯ Confirm');
    instance.stdin.write(keys.enter);
    await until(() => answers.length > 0);
    expect(answers).toEqual(['confirm']);
  });

  it('in production requires typing the host name; y and n are just letters', async () => {
    const { tree, answers } = setup({ typeHostToConfirm: true, host: 'mentat' });
    const instance = await renderReady(tree);
    await waitForText(instance, 'Type "mentat" to proceed');
    instance.stdin.write('y');
    instance.stdin.write('n');
    await waitForText(instance, 'proceed: yn▏');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'type "mentat" exactly');
    instance.stdin.write(keys.backspace);
    instance.stdin.write(keys.backspace);
    instance.stdin.write('mentat');
    await waitForText(instance, 'proceed: mentat▏ ✓');
    expect(answers).toEqual([]);
    instance.stdin.write(keys.enter);
    await until(() => answers.length > 0);
    expect(answers).toEqual(['confirm']);
  });

  it('keeps a long multi-line hostile command inside 80×24, the rest one scroll away', async () => {
    const command = `echo '\u001b]0;x\u0007'\n${'very-long-argument '.repeat(40)}\n${Array.from({ length: 20 }, (_, i) => `line${i}`).join('\n')}`;
    const { tree } = setup({ command, height: 24 });
    const instance = await renderReady(tree);
    let frame = await waitForText(instance, 'more rows');
    expect(frame).toMatch(/↓ \d+ more rows · ↑↓ PgUp PgDn scroll/);
    expect(frame).not.toContain('line19');
    expectFits(frame, 80, 24);
    expect(instance.lastFrame()).not.toContain('\u0007');
    instance.stdin.write(keys.pgdn);
    instance.stdin.write(keys.pgdn);
    instance.stdin.write(keys.pgdn);
    frame = await waitForText(instance, 'line19');
    expect(frame).toMatch(/↑ \d+ above · ↑↓ PgUp PgDn scroll/);
    expectFits(frame, 80, 24);
    // the buttons and hints stay on screen while the body scrolls
    expect(frame).toContain('❯ Cancel');
    expect(frame).toMatch(/y yes {2}n\/Esc no/);
  });

  it('wraps by words: no word of the texts is broken across rows', async () => {
    const undo =
      'Nothing to undo for a rollback: both migrations only add things and 7f572d2 runs on the new schema (chom-world). The verified dump in backups/<time>-pre-deploy/db.sql.gz restores the exact old state if ever needed (gunzip -c db.sql.gz | psql).';
    const { tree } = setup({ undo, width: 120 });
    const instance = await renderReady(tree);
    const frame = await waitForText(instance, 'Undo');
    const rows = frame.split('\n');
    for (const word of undo.split(' ')) {
      expect(
        rows.some((row) => row.includes(word)),
        `"${word}" whole on one row`,
      ).toBe(true);
    }
    expectFits(frame, 120);
  });

  it('? opens help through the dialog when no name is typed, and is a letter when one is', async () => {
    const plain = setup();
    const instance = await renderReady(plain.tree);
    await waitForText(instance, '? help');
    instance.stdin.write('?');
    await until(() => plain.helps.length === 1);
    const typing = setup({ typeHostToConfirm: true, host: 'mentat' });
    const second = await renderReady(typing.tree);
    second.stdin.write('?');
    await waitForText(second, 'proceed: ?▏');
    expect(typing.helps).toEqual([]);
  });
});

describe('decideConfirm', () => {
  it('never confirms in typing mode without the exact name', () => {
    expect(decideConfirm({ ...initialConfirm, typed: 'mentat ' }, 'activate', 'mentat')).toBe('mismatch');
    expect(decideConfirm({ ...initialConfirm, typed: 'mentat' }, 'confirm', 'mentat')).toBe('none');
    expect(decideConfirm(initialConfirm, 'activate', 'mentat')).toBe('cancel');
    expect(decideConfirm({ ...initialConfirm, typed: 'mentat' }, 'activate', 'mentat')).toBe('confirm');
  });
});
