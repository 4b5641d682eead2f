import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import {
  cleanupRendered,
  expectFits,
  keys,
  startDeploy,
  waitForFrame,
  waitForText,
  type Rendered,
} from '../support/frames.js';
import { eventually } from '../../helpers/wait-for.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

async function toForm(instance: Rendered): Promise<void> {
  await waitForText(instance, 'Actions');
  await startDeploy(instance);
  await waitForText(instance, 'SMTP relay for alerts');
}

async function fillForm(instance: Rendered, password = 'pw-1'): Promise<void> {
  instance.stdin.write(keys.tab);
  instance.stdin.write(keys.tab);
  instance.stdin.write('ops@example.org');
  instance.stdin.write(keys.tab);
  instance.stdin.write(password);
  await waitForText(instance, '•'.repeat(password.length));
  instance.stdin.write(keys.enter);
}

describe('Deploy screen', () => {
  it('at 80×24: steps with states and the next marker, one pane at a time, Tab and 1/2 switch hosts', async () => {
    const { services } = createFakeServices({ followLine: 'following' });
    const { instance } = await renderApp(services, 80, 24);
    await toForm(instance);
    await fillForm(instance);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('n');
    // the release is built: leaving asks; p pauses the run here (resumable)
    await waitForText(instance, 'Cancelled at Run migrations');
    instance.stdin.write('p');
    let frame = await waitForText(instance, 'deploy aborted');
    expect(frame).toMatch(/✓ Create the release\s+landsraad\s+\d+ms/);
    expect(frame).toMatch(/⊘ Run migrations/);
    expect(frame).toMatch(/▸ ○ Switch to the new release/);
    expect(frame).toMatch(/╔═+╗\n║1 landsraad/);
    // the pane's tail: the build's output, or the follower's lines that came while the leave dialog was open
    expect(frame).toMatch(/║(composer: package 3|following landsraad)/);
    expect(frame).toContain('following mentat');
    expectFits(frame, 80, 24);
    instance.stdin.write(keys.tab);
    frame = await waitForFrame(instance, (text) => /╔═+╗\n║2 mentat/.test(text));
    expect(frame).toMatch(/╭─+╮\n│1 landsraad/);
    instance.stdin.write('1');
    await waitForFrame(instance, (text) => /╔═+╗\n║1 landsraad/.test(text));
    instance.stdin.write('c');
    frame = await waitForText(instance, 'host      exit    time command');
    expect(frame).toContain("df -h '/srv/chom'");
    expectFits(frame, 80, 24);
  });

  it('e exports the focused pane as Markdown (its own lines only) and says where', async () => {
    const fake = createFakeServices({ followLine: 'following' });
    const { instance } = await renderApp(fake.services, 120, 40);
    await toForm(instance);
    await fillForm(instance);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('n');
    await waitForText(instance, 'Cancelled at Run migrations');
    instance.stdin.write('p');
    await waitForText(instance, 'deploy aborted');
    instance.stdin.write('e');
    const frame = await waitForText(instance, 'landsraad log exported to /tmp/chom-ui-test/log.md');
    expectFits(frame, 120, 40);
    expect(fake.exported).toHaveLength(1);
    const { kind, content } = fake.exported[0]!;
    expect(kind).toBe('log');
    expect(content).toMatch(/^# landsraad log\n/);
    expect(content).toMatch(/\[composer\] composer: package 3\n/);
    expect(content).not.toContain('following mentat');
    instance.stdin.write('2');
    await waitForFrame(instance, (text) => /║2 mentat/.test(text));
    instance.stdin.write('e');
    await eventually(() => expect(fake.exported).toHaveLength(2));
    expect(fake.exported[1]!.content).toMatch(/^# mentat log\n[\s\S]*following mentat/);
  });

  it('at 120×40: both panes side by side, the command log strip, the status line says what is next', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, 120, 40);
    await toForm(instance);
    await fillForm(instance);
    const frame = await waitForText(instance, 'Confirm: Run migrations');
    expect(frame).toMatch(/│1 landsraad .*││2 mentat/);
    expect(frame).toContain('host      exit    time command');
    expect(frame).toContain('Waiting for you: Run migrations on landsraad');
    expectFits(frame, 120, 40);
  });

  it('a 6000-line step keeps the newest 5000 lines per pane and says how many were dropped', async () => {
    const { services } = createFakeServices({ composerLines: 6000 });
    const { instance } = await renderApp(services, 120, 40);
    await toForm(instance);
    await fillForm(instance);
    const frame = await waitForText(instance, 'Confirm: Run migrations');
    expect(frame).toContain('composer: package 6000');
    await waitForFrame(instance, (text) => /⋯ 1,00\d dropped/.test(text));
  });

  it('production-style confirmation: only typing the host name confirms; y is just a letter', async () => {
    const fake = createFakeServices({ typeHostToConfirm: true });
    const { instance } = await renderApp(fake.services, 80, 24);
    await toForm(instance);
    await fillForm(instance);
    await waitForText(instance, 'Type "landsraad" to proceed');
    instance.stdin.write('y');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'type "landsraad" exactly, or Esc to cancel');
    instance.stdin.write(keys.backspace);
    for (const letter of 'landsraad') instance.stdin.write(letter);
    await waitForText(instance, 'landsraad▏ ✓');
    instance.stdin.write(keys.enter);
    await waitForText(instance, 'Confirm: Switch to the new release');
    expect(fake.landsraad.ran(/php artisan migrate --force/)).toHaveLength(1);
  });

  it('the SMTP form validates as you type, masks the password with reveal, and reports a failed test', async () => {
    const fake = createFakeServices();
    const { instance } = await renderApp(fake.services, 80, 24);
    await toForm(instance);
    instance.stdin.write(keys.tab);
    instance.stdin.write(keys.backspace);
    instance.stdin.write(keys.backspace);
    instance.stdin.write(keys.backspace);
    instance.stdin.write('99999');
    await waitForText(instance, '✗ a port number from 1 to 65535');
    for (let index = 0; index < 5; index += 1) instance.stdin.write(keys.backspace);
    instance.stdin.write('2525');
    await waitForFrame(instance, (frame) => !frame.includes('a port number'));
    instance.stdin.write(keys.tab);
    instance.stdin.write('ops@example.org');
    instance.stdin.write(keys.tab);
    instance.stdin.write('wrong');
    let frame = await waitForText(instance, '•••••');
    expect(frame).toContain('(C-r show)');
    instance.stdin.write(keys.ctrl('r'));
    frame = await waitForText(instance, 'wrong▏');
    expect(frame).toContain('(C-r hide)');
    instance.stdin.write(keys.ctrl('r'));
    await waitForText(instance, '•••••▏');
    instance.stdin.write(keys.ctrl('t'));
    frame = await waitForText(instance, '✗ 535 5.7.8 authentication failed');
    expectFits(frame, 80, 24);
    expect(fake.smtpTests).toHaveLength(1);
  });

  it('? shows the help overlay from the keymap; ? closes it and the screen is as it was', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, 80, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('?');
    const frame = await waitForText(instance, 'Keys · ? or Esc closes');
    expect(frame).toContain('Deploy: the');
    expectFits(frame, 80, 24);
    instance.stdin.write('d');
    instance.stdin.write('?');
    await waitForText(instance, 'Actions');
    expect(plainFrameOf(instance)).not.toContain('SMTP relay for alerts');
    expect(plainFrameOf(instance)).not.toContain('Pre-flight');
  });
});

function plainFrameOf(instance: Rendered): string {
  return instance.lastFrame() ?? '';
}
