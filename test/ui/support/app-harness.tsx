// Renders the whole App on fake services at a given terminal size, and records how it exited.
import { App } from '../../../source/ui/App.js';
import type { AppServices } from '../../../source/ui/app-services.js';
import { ThemeContext } from '../../../source/ui/hooks/use-theme.js';
import { createTheme } from '../../../source/ui/theme.js';
import { renderReady, type Rendered } from './frames.js';
import { eventually } from '../../helpers/wait-for.js';

/** A rendered App and its exit code once it exited. */
export type AppHarness = { instance: Rendered; exits: number[]; exited: () => Promise<number> };

/** Renders <App> at `columns` × `rows` with colour off, spinners still, and frames drawn at once. */
export async function renderApp(services: AppServices, columns: number, rows: number): Promise<AppHarness> {
  const exits: number[] = [];
  const instance = await renderReady(
    <ThemeContext.Provider value={createTheme({ NO_COLOR: '1' })}>
      <App services={services} onExit={(code) => exits.push(code)} rows={rows} animate={false} frameMs={1} />
    </ThemeContext.Provider>,
    columns,
  );
  const exited = async (): Promise<number> => {
    await eventually(
      () => {
        if (exits.length === 0) throw new Error('the app has not exited yet');
      },
      { timeout: 5000, interval: 5 },
    );
    return exits[0] as number;
  };
  return { instance, exits, exited };
}
