import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { enterAlternateScreen, leaveAlternateScreen } from '../../../source/ui/alternate-screen.js';
import { renderConsole } from '../../../source/ui/render-console.js';
import { createFakeServices } from '../support/fake-services.js';
import { keys } from '../support/frames.js';
import { waitFor, eventually } from '../../helpers/wait-for.js';

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  readonly chunks: string[] = [];
  write = (chunk: string): boolean => {
    this.chunks.push(chunk);
    return true;
  };
  get text(): string {
    return this.chunks.join('');
  }
}

class FakeKeys extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function setup() {
  const stdout = new FakeTty();
  const stderr = new FakeTty();
  const stdin = new FakeKeys();
  const events = new EventEmitter();
  const fake = createFakeServices();
  const exit = renderConsole(fake.services, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    process: events,
    env: { NO_COLOR: '1' },
    animate: false,
  });
  const until = (text: string) =>
    waitFor(
      () => stripVTControlCharacters(stdout.text).includes(text),
      () => `"${text}" on the terminal:\n${stripVTControlCharacters(stdout.text)}`,
    );
  return { stdout, stderr, stdin, events, fake, exit, until };
}

describe('renderConsole: terminal manners', () => {
  it('enters the alternate screen first and leaves it when the operator quits with q', async () => {
    const { stdout, stdin, events, exit, until } = setup();
    await until('Actions');
    expect(stdout.chunks[0]).toContain(enterAlternateScreen);
    await eventually(() => expect(stdin.listenerCount('readable')).toBeGreaterThan(0));
    stdin.write('q');
    expect(await exit).toBe(0);
    expect(stdout.text.endsWith(leaveAlternateScreen)).toBe(true);
    expect(events.listenerCount('SIGINT')).toBe(0);
  });

  it.each(['SIGINT', 'SIGHUP'])(
    '%s during a deploy restores the screen, aborts the run (lock released) and exits 130',
    async (signal) => {
      const { stdout, stdin, events, fake, exit, until } = setup();
      await until('Actions');
      await eventually(() => expect(stdin.listenerCount('readable')).toBeGreaterThan(0));
      stdin.write('d');
      await until('Pre-flight: deploy on');
      stdin.write('\r');
      await until('SMTP relay for alerts');
      events.emit(signal);
      expect(await exit).toBe(130);
      expect(stdout.text).toContain(leaveAlternateScreen);
      expect(stdout.text.lastIndexOf(leaveAlternateScreen)).toBeGreaterThan(
        stdout.text.lastIndexOf('SMTP relay'),
      );
      expect(fake.landsraad.ran(/lock.released/)).toHaveLength(1);
    },
  );

  it('Ctrl-C typed on a TTY asks while a deploy runs, then restores the screen', async () => {
    const { stdout, stdin, exit, until } = setup();
    await until('Actions');
    await eventually(() => expect(stdin.listenerCount('readable')).toBeGreaterThan(0));
    stdin.write('d');
    await until('Pre-flight: deploy on');
    stdin.write('\r');
    await until('SMTP relay for alerts');
    stdin.write(keys.ctrl('c'));
    await until('Quit? A deploy is running');
    stdin.write('y');
    expect(await exit).toBe(130);
    expect(stdout.text.endsWith(leaveAlternateScreen)).toBe(true);
  });

  it('a crash (uncaught exception) restores the screen and reports what happened', async () => {
    const { stdout, stderr, events, exit, until } = setup();
    await until('Actions');
    events.emit('uncaughtException', new Error('boom in a listener'));
    expect(await exit).toBe(1);
    expect(stdout.text.endsWith(leaveAlternateScreen)).toBe(true);
    expect(stderr.text).toContain('chom-console crashed: Error: boom in a listener');
    expect(stderr.text).toContain('The terminal was restored');
  });
});
