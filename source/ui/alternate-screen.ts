// Ink 6.8 has no alternate screen: we enter it ourselves and make sure every way out (quit, crash,
// Ctrl-C, SIGTERM) leaves the operator's terminal as it was, with the cursor visible. Bracketed paste
// mode goes on and off with it: inside the console a paste arrives marked as one (its line breaks never
// submit a form); the shell after us gets its own setting back.

/** DEC private mode 1049: switch to the alternate screen buffer (and back). */
export const enterAlternateScreen = '\u001b[?1049h';
export const leaveAlternateScreen = '\u001b[?1049l';
const showCursor = '\u001b[?25h';
/** DEC private mode 2004: the terminal wraps pastes in ESC[200~ … ESC[201~ (see key-tokenizer.ts). */
const bracketedPasteOn = '\u001b[?2004h';
const bracketedPasteOff = '\u001b[?2004l';

/** Something we can write escape sequences to (a TTY stream, or a fake in tests). */
export type Writable = { write: (chunk: string) => unknown };

/** The entered alternate screen; `restore` is idempotent so every exit path may call it. */
export type ScreenGuard = { restore: () => void; readonly restored: boolean };

/** Enters the alternate screen on `stream` (cleared, cursor home, pastes marked) and returns its guard. */
export function enterAlternate(stream: Writable): ScreenGuard {
  stream.write(`${enterAlternateScreen}\u001b[2J\u001b[H${bracketedPasteOn}`);
  let restored = false;
  return {
    restore: () => {
      if (restored) return;
      restored = true;
      stream.write(`${bracketedPasteOff}${showCursor}${leaveAlternateScreen}`);
    },
    get restored() {
      return restored;
    },
  };
}
