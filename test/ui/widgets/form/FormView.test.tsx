import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FormView, type FormViewProps } from '../../../../source/ui/widgets/form/FormView.js';
import { KeyDispatcherProvider, useKeyLayer } from '../../../../source/ui/hooks/use-key-dispatcher.js';
import type { FormTestResult } from '../../../../source/ui/widgets/form/use-form.js';
import { formSchema } from '../../../../source/profile/schema.js';
import { prefillForm } from '../../../../source/engine/actions/form-live.js';
import { eventually, waitFor } from '../../../helpers/wait-for.js';
import {
  expectFits,
  keys,
  plainFrame,
  renderReady,
  waitForFrame,
  waitForText,
} from '../../support/frames.js';

afterEach(cleanup);

const smtp = formSchema.parse({
  title: 'Alertmanager SMTP relay',
  description: 'Where alert e-mails go',
  fields: [
    { id: 'host', label: 'SMTP host', type: 'hostname' },
    { id: 'port', label: 'Port', type: 'port', default: 587 },
    { id: 'from', label: 'From', type: 'email' },
    { id: 'tls', label: 'TLS', type: 'choice', choices: ['starttls', 'tls', 'none'] },
    { id: 'password', label: 'Password', type: 'secret' },
  ],
});

function GlobalSpy({ log }: { log: string[] }) {
  useKeyLayer({
    scopes: ['global'],
    handlers: {
      quit: () => void log.push('quit'),
      rollback: () => void log.push('rollback'),
      help: () => void log.push('help'),
    },
  });
  return null;
}

function setup(overrides: Partial<FormViewProps> = {}) {
  const submitted: Record<string, string>[] = [];
  const cancelled: string[] = [];
  const globals: string[] = [];
  const props: FormViewProps = {
    form: smtp,
    width: 80,
    onSubmit: (values) => submitted.push(values),
    onCancel: () => cancelled.push('cancel'),
    ...overrides,
  };
  const tree = (
    <KeyDispatcherProvider>
      <GlobalSpy log={globals} />
      <FormView {...props} />
    </KeyDispatcherProvider>
  );
  return { tree, submitted, cancelled, globals };
}

describe('FormView', () => {
  it('renders every field with defaults and the focus on the first', async () => {
    const { tree } = setup();
    const instance = await renderReady(tree);
    const frame = await waitForText(instance, 'Alertmanager SMTP relay');
    expect(frame).toMatch(/❯ SMTP host/);
    expect(frame).toContain('587');
    expect(frame).toContain('‹ starttls ›');
    expectFits(frame, 80);
  });

  it('validates as you type, with the message next to the field when wide', async () => {
    const { tree } = setup({ width: 120 });
    const instance = await renderReady(tree);
    instance.stdin.write('bad_host');
    const bad = await waitForText(instance, '"bad_host" is not a valid label');
    expect(bad.split('\n').find((line) => line.includes('bad_host▏'))).toContain('✗ "bad_host"');
    for (let index = 0; index < 5; index += 1) instance.stdin.write(keys.backspace);
    instance.stdin.write('.example.com');
    await waitForFrame(instance, (frame) => /bad\.example\.com▏\s+✓/.test(frame));
    expectFits(plainFrame(instance), 120);
  });

  it('moves with Tab / Shift-Tab, cycles choices, and keeps typed q and R as text', async () => {
    const { tree, globals } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write('qR');
    await waitForText(instance, 'qR▏');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    await waitForFrame(instance, (frame) => /❯ TLS/.test(frame));
    instance.stdin.write(keys.right);
    await waitForText(instance, '‹ tls ›');
    instance.stdin.write(' ');
    await waitForText(instance, '‹ none ›');
    instance.stdin.write(keys.shiftTab);
    await waitForFrame(instance, (frame) => /❯ From/.test(frame));
    expect(globals).toEqual([]);
  });

  it('? is a character in a text field and opens help on a choice field (other letters stay swallowed)', async () => {
    const { tree, globals } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write('?');
    await waitForText(instance, '?▏');
    expect(globals).toEqual([]);
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    await waitForFrame(instance, (frame) => /❯ TLS/.test(frame));
    instance.stdin.write('q');
    instance.stdin.write('?');
    await waitFor(() => globals.length > 0, 'help from the choice field');
    expect(globals).toEqual(['help']);
    expect(plainFrame(instance)).toContain('‹ starttls ›');
  });

  it('masks secrets, reveals on C-r, and accepts hostile values as data', async () => {
    const { tree } = setup();
    const instance = await renderReady(tree);
    for (let index = 0; index < 4; index += 1) instance.stdin.write(keys.tab);
    const password = `p'a"s$(rm -rf /)&|;`;
    instance.stdin.write(password);
    const masked = await waitForText(instance, '•'.repeat(password.length));
    expect(masked).not.toContain('rm -rf');
    instance.stdin.write(keys.ctrl('r'));
    await waitForText(instance, password);
    expect(plainFrame(instance)).toContain('C-r hide');
  });

  it('says that an empty secret pre-filled from the live values keeps the stored one, and stops saying it once typed', async () => {
    const live = prefillForm(smtp, {
      host: 'smtp.example.com',
      port: '587',
      from: 'alerts@example.com',
      tls: 'starttls',
      password: `st'ored$(id)`,
    }).form;
    const { tree, submitted } = setup({ form: live });
    const instance = await renderReady(tree);
    const frame = await waitForText(instance, 'empty: the stored one is kept');
    expect(frame).not.toContain('ored$(id)');
    expectFits(frame, 80);
    instance.stdin.write(keys.enter);
    await waitFor(() => submitted.length === 1, 'submitted with the password left empty');
    expect(submitted[0]!.password).toBe('');
    for (let index = 0; index < 4; index += 1) instance.stdin.write(keys.tab);
    instance.stdin.write('n');
    await waitForFrame(instance, (text) => text.includes('•') && !text.includes('stored one is kept'));
  });

  it('shows pasted control characters visibly and rejects them', async () => {
    const { tree } = setup();
    const instance = await renderReady(tree);
    // Typed, BEL is the key Ctrl-G; only a paste can carry it as text.
    instance.stdin.write('\u001b[200~a\u0007b\u001b[201~');
    const frame = await waitForText(instance, 'a␇b');
    expect(frame).toContain('control characters');
    expect(instance.lastFrame()).not.toContain('\u0007');
  });

  it('refuses to submit while invalid, showing every message, then submits valid values', async () => {
    const { tree, submitted } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write(keys.enter);
    const frame = await waitForText(instance, 'SMTP host is required');
    expect(frame).toContain('From is required');
    expect(frame).toContain('Password is required');
    expect(submitted).toEqual([]);
    instance.stdin.write('smtp.example.com');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write('alerts@example.com');
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.tab);
    instance.stdin.write('s3cr$t|&');
    await waitForText(instance, 'all fields valid');
    instance.stdin.write(keys.enter);
    await eventually(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toEqual({
      host: 'smtp.example.com',
      port: '587',
      from: 'alerts@example.com',
      tls: 'starttls',
      password: 's3cr$t|&',
    });
  });

  it('Esc cancels', async () => {
    const { tree, cancelled } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write(keys.esc);
    await eventually(() => expect(cancelled).toEqual(['cancel']));
  });

  it('runs the test action and shows its result line', async () => {
    let finish: (result: FormTestResult) => void = () => {};
    const onTest = vi.fn(() => new Promise<FormTestResult>((resolve) => (finish = resolve)));
    const { tree } = setup({
      onTest,
      initial: { host: 'smtp.example.com', from: 'a@example.com', password: 'pw' },
    });
    const instance = await renderReady(tree);
    await waitForText(instance, 'test');
    instance.stdin.write(keys.ctrl('t'));
    await waitForText(instance, '↻ testing…');
    finish({ ok: false, message: '535 authentication failed\u001b[31m' });
    const frame = await waitForText(instance, '✗ 535 authentication failed');
    expect(instance.lastFrame()).not.toContain('\u001b[31m535');
    expect(onTest).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'smtp.example.com', password: 'pw' }),
    );
    expectFits(frame, 80);
  });

  it('wraps a long test result by words instead of cutting its end', async () => {
    const onTest = vi.fn(async (): Promise<FormTestResult> => ({
      ok: true,
      message:
        'login accepted by 127.0.0.1:17387 (235 Authentication successful); no mail sent, nothing stored',
    }));
    const { tree } = setup({
      onTest,
      initial: { host: 'smtp.example.com', from: 'a@example.com', password: 'pw' },
    });
    const instance = await renderReady(tree);
    await waitForText(instance, 'test');
    instance.stdin.write(keys.ctrl('t'));
    const frame = await waitForText(instance, 'nothing stored');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain(
      '✓ login accepted by 127.0.0.1:17387 (235 Authentication successful); no mail sent, nothing stored',
    );
    expectFits(frame, 80);
  });

  it('fits 80 columns with long hostile values in every field', async () => {
    const { tree } = setup({
      initial: { host: 'h'.repeat(300), from: '部署@例え.jp'.repeat(20), password: 'x'.repeat(500) },
    });
    const instance = await renderReady(tree);
    instance.stdin.write(keys.enter);
    const frame = await waitForText(instance, 'need attention');
    expectFits(frame, 80);
  });
});
