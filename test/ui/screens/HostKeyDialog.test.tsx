// The unknown-host-key dialog: what it shows (host, address:port, key type, the whole fingerprint, the
// out-of-band warning), focus on Reject, y / Enter-on-Trust accepting, and its place in the App.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostKeyQuestion } from '../../../source/ui/app-services.js';
import { KeyDispatcherProvider } from '../../../source/ui/hooks/use-key-dispatcher.js';
import { HostKeyDialog } from '../../../source/ui/screens/HostKeyDialog.js';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import { cleanupRendered, expectFits, keys, renderReady, waitForText } from '../support/frames.js';
import { waitFor } from '../../helpers/wait-for.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

const question: HostKeyQuestion = {
  host: 'mentat',
  address: '203.0.113.7',
  port: 2222,
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
};

function setup(width = 80) {
  const answers: string[] = [];
  const tree = (
    <KeyDispatcherProvider>
      <HostKeyDialog
        question={question}
        width={width}
        onTrust={() => answers.push('trust')}
        onReject={() => answers.push('reject')}
      />
    </KeyDispatcherProvider>
  );
  return { tree, answers };
}

const until = (check: () => boolean): Promise<void> => waitFor(check, 'the dialog to answer');

describe('HostKeyDialog', () => {
  it('shows host, address:port, key type, the fingerprint and the warning, focus on Reject', async () => {
    const { tree } = setup();
    const instance = await renderReady(tree);
    const frame = await waitForText(instance, 'Unknown host key for mentat');
    expect(frame).toMatch(/Host\s+mentat/);
    expect(frame).toMatch(/Address\s+203\.0\.113\.7:2222/);
    expect(frame).toMatch(/Key type\s+ssh-ed25519/);
    expect(frame).toContain(question.fingerprint);
    expect(frame).toContain('Verify this fingerprint out of band before trusting it');
    expect(frame).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(frame).toContain('❯ Reject');
    expect(frame).not.toContain('❯ Trust');
    expectFits(frame, 80);
  });

  it('wraps (never cuts) the fingerprint in a narrow terminal', async () => {
    const { tree } = setup(40);
    const instance = await renderReady(tree, 40);
    const frame = await waitForText(instance, 'Unknown host key');
    expectFits(frame, 40);
    const joined = frame.replace(/[\s║│]/g, '');
    expect(joined).toContain(question.fingerprint);
  });

  it('Enter on the default focus rejects; n and Esc reject', async () => {
    const { tree, answers } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write(keys.enter);
    await until(() => answers.length === 1);
    instance.stdin.write('n');
    await until(() => answers.length === 2);
    instance.stdin.write(keys.esc);
    await until(() => answers.length === 3);
    expect(answers).toEqual(['reject', 'reject', 'reject']);
  });

  it('y trusts; Tab to Trust then Enter trusts', async () => {
    const { tree, answers } = setup();
    const instance = await renderReady(tree);
    instance.stdin.write('y');
    await until(() => answers.length === 1);
    instance.stdin.write(keys.tab);
    await waitForText(instance, '❯ Trust');
    instance.stdin.write(keys.enter);
    await until(() => answers.length === 2);
    expect(answers).toEqual(['trust', 'trust']);
  });
});

describe('App: an unknown host key asks the operator', () => {
  it('shows the dialog while hosts connect; trusting connects the host', async () => {
    const fake = createFakeServices({ unknownHostKey: question });
    const { instance } = await renderApp(fake.services, 100, 40);
    const frame = await waitForText(instance, 'Unknown host key for mentat');
    expect(frame).toContain(question.fingerprint);
    instance.stdin.write('y');
    await until(() => fake.hostKey.answers.length === 1);
    expect(fake.hostKey.answers).toEqual([true]);
    const after = await waitForText(instance, 'Actions');
    expect(after).not.toContain('Unknown host key');
  });

  it('rejecting leaves the host refused', async () => {
    const fake = createFakeServices({ unknownHostKey: question });
    const { instance } = await renderApp(fake.services, 100, 40);
    await waitForText(instance, 'Unknown host key for mentat');
    instance.stdin.write(keys.enter);
    await until(() => fake.hostKey.answers.length === 1);
    expect(fake.hostKey.answers).toEqual([false]);
  });

  it('unmounting refuses a question still open and uninstalls the answerer', async () => {
    const fake = createFakeServices({ unknownHostKey: question });
    const { instance } = await renderApp(fake.services, 100, 40);
    await waitForText(instance, 'Unknown host key for mentat');
    instance.unmount();
    await until(() => fake.hostKey.answers.length === 1);
    expect(fake.hostKey.answers).toEqual([false]);
    expect(fake.hostKey.ask).toBeUndefined();
  });
});
