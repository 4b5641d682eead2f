// Helpers for ink-testing-library: read frames without colour and with volatile parts masked, and wait
// for content (never for a fixed time).
import { stripVTControlCharacters } from 'node:util';
import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { expect } from 'vitest';
import { displayWidth } from '../../../source/lib/terminal-text.js';
import { waitFor } from '../../helpers/wait-for.js';

export type Rendered = ReturnType<typeof render>;

/** The last frame as plain text: ANSI stripped, spinner frames and clock times masked. */
export function plainFrame(instance: Rendered): string {
  return mask(stripVTControlCharacters(instance.lastFrame() ?? ''));
}

export function mask(text: string): string {
  return text.replace(/[\u2800-\u28ff]/gu, '*').replace(/\b\d{2}:\d{2}:\d{2}\b/g, 'hh:mm:ss');
}

/** Waits until the last frame satisfies `predicate`, failing with the frame when it never does. */
export async function waitForFrame(
  instance: Rendered,
  predicate: (frame: string) => boolean,
): Promise<string> {
  await waitFor(
    () => predicate(plainFrame(instance)),
    () => `a matching frame; the last one:\n${plainFrame(instance)}`,
    5000,
    5,
  );
  return plainFrame(instance);
}

/** Waits until the last frame contains `text`. */
export function waitForText(instance: Rendered, text: string): Promise<string> {
  return waitForFrame(instance, (frame) => frame.includes(text));
}

class FakeStdout extends EventEmitter {
  lastFrameText: string | undefined;
  readonly frames: string[] = [];
  constructor(readonly columns: number) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    this.lastFrameText = frame;
    return true;
  };
  lastFrame = (): string | undefined => this.lastFrameText;
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
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

const mounted: { unmount: () => void }[] = [];

/** Like ink-testing-library's render, but with a terminal of `columns` (its own is fixed at 100). */
export function renderAt(tree: ReactElement, columns: number): Rendered {
  const stdout = new FakeStdout(columns);
  const stderr = new FakeStdout(columns);
  const stdin = new FakeStdin();
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  mounted.push(instance);
  return {
    rerender: instance.rerender,
    unmount: instance.unmount,
    cleanup: instance.cleanup,
    stdout,
    stderr,
    stdin,
    frames: stdout.frames,
    lastFrame: stdout.lastFrame,
  } as unknown as Rendered;
}

/** Unmounts everything {@link renderAt} mounted (call in afterEach, next to ink-testing-library's cleanup). */
export function cleanupRendered(): void {
  for (const instance of mounted.splice(0)) instance.unmount();
}

/** Renders and waits until Ink listens to stdin (its input effects have run), so key presses are not lost. */
export async function renderReady(tree: ReactElement, columns?: number): Promise<Rendered> {
  const instance = columns === undefined ? render(tree) : renderAt(tree, columns);
  await waitFor(() => instance.stdin.listenerCount('readable') > 0, 'Ink to listen to stdin', 5000, 5);
  return instance;
}

/** Escape sequences a terminal sends for special keys. */
export const keys = {
  esc: '\u001b',
  enter: '\r',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  pgup: '\u001b[5~',
  pgdn: '\u001b[6~',
  backspace: '\u007f',
  ctrl: (letter: string) => String.fromCharCode(letter.toLowerCase().charCodeAt(0) - 96),
} as const;

/** Every line of `frame` fits in `width` columns and there are at most `height` lines. */
export function expectFits(frame: string, width: number, height?: number): void {
  const lines = frame.split('\n');
  for (const line of lines) {
    expect(
      displayWidth(line),
      `line too wide (${displayWidth(line)} > ${width}): ${JSON.stringify(line)}`,
    ).toBeLessThanOrEqual(width);
  }
  if (height !== undefined) expect(lines.length).toBeLessThanOrEqual(height);
}

/** What a pre-flight screen shows first (its title). */
export const preflightTitle = 'Pre-flight: deploy on';

/** `d` on home opens the pre-flight; Enter there starts the deploy (d alone changes nothing). */
export async function startDeploy(instance: Rendered): Promise<void> {
  instance.stdin.write('d');
  await waitForText(instance, preflightTitle);
  instance.stdin.write(keys.enter);
}

/**
 * A deploy of the fake services to its end: d and Enter on the pre-flight, the SMTP form with its defaults, a
 * recipient and a password, then both confirmations.
 */
export async function deployToTheEnd(instance: Rendered): Promise<void> {
  await startDeploy(instance);
  await waitForText(instance, 'SMTP relay for alerts');
  instance.stdin.write(keys.tab);
  instance.stdin.write(keys.tab);
  instance.stdin.write('ops@example.org');
  instance.stdin.write(keys.tab);
  instance.stdin.write('pw');
  await waitForText(instance, '••');
  instance.stdin.write(keys.enter);
  await waitForText(instance, 'Confirm: Run migrations');
  instance.stdin.write('y');
  await waitForText(instance, 'Confirm: Switch to the new release');
  instance.stdin.write('y');
}
