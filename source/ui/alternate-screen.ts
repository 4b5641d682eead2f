// Ink 6.8 has no alternate screen: we enter it ourselves and make sure every way out (quit, crash,
// Ctrl-C, SIGTERM) leaves the operator's terminal as it was, with the cursor visible.

/** DEC private mode 1049: switch to the alternate screen buffer (and back). */
export const enterAlternateScreen = '\u001b[?1049h';
export const leaveAlternateScreen = '\u001b[?1049l';
export const showCursor = '\u001b[?25h';

/** Something we can write escape sequences to (a TTY stream, or a fake in tests). */
export type Writable = { write: (chunk: string) => unknown };

/** The entered alternate screen; `restore` is idempotent so every exit path may call it. */
export type ScreenGuard = { restore: () => void; readonly restored: boolean };

/** Enters the alternate screen on `stream` (cleared, cursor home) and returns its guard. */
export function enterAlternate(stream: Writable): ScreenGuard {
  stream.write(`${enterAlternateScreen}\u001b[2J\u001b[H`);
  let restored = false;
  return {
    restore: () => {
      if (restored) return;
      restored = true;
      stream.write(`${showCursor}${leaveAlternateScreen}`);
    },
    get restored() {
      return restored;
    },
  };
}
