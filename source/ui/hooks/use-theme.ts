// The theme travels by context so tests (and a future --no-color flag) can swap it without globals.
import { createContext, useContext } from 'react';
import { createTheme, type Theme } from '../theme.js';

/** Provide a theme (e.g. `createTheme({ NO_COLOR: '1' })`); default: from the process environment. */
export const ThemeContext = createContext<Theme>(createTheme());

/** The current theme. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
