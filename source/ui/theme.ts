// Colours and status symbols. Every state has its own symbol shape, so the console stays readable with
// NO_COLOR (https://no-color.org) or on a monochrome terminal; colour only reinforces the symbol.

/** A semantic colour role; components never name raw colours. */
export type Tone =
  | 'ok'
  | 'fail'
  | 'running'
  | 'pending'
  | 'waiting'
  | 'skipped'
  | 'accent'
  | 'muted'
  | 'warn'
  /** A profile whose hosts are real servers: a colour no state uses, so it reads as "this is production". */
  | 'production';

/** Status symbols, one distinct shape per state. */
export const symbols = {
  ok: '✓',
  fail: '✗',
  running: '↻',
  pending: '○',
  active: '●',
  waiting: '?',
  skipped: '⊘',
  next: '▸',
  pointer: '❯',
  ellipsis: '…',
} as const;

const palette: Record<Tone, string> = {
  ok: 'green',
  fail: 'red',
  running: 'cyan',
  pending: 'gray',
  waiting: 'yellow',
  skipped: 'gray',
  accent: 'cyan',
  muted: 'gray',
  warn: 'yellow',
  production: 'magenta',
};

/** What components need to style text: a colour per tone (undefined without colour) and the symbols. */
export type Theme = {
  color: boolean;
  symbols: typeof symbols;
  tone: (tone: Tone) => string | undefined;
  /** Focused panes get a heavier border so focus is visible without colour. */
  border: (focused: boolean) => 'double' | 'round';
};

/** The theme for an environment: NO_COLOR set to any non-empty value turns colour off. */
export function createTheme(env: Readonly<Record<string, string | undefined>> = process.env): Theme {
  const color = (env['NO_COLOR'] ?? '') === '';
  return {
    color,
    symbols,
    tone: (tone) => (color ? palette[tone] : undefined),
    border: (focused) => (focused ? 'double' : 'round'),
  };
}
