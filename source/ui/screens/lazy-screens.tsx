// The screens the first frame does not show, loaded when first shown: home's first frame (header and
// placeholders) needs Ink, the key dispatcher and the home screen only, and each of these screens brings its
// components, hooks and views (about a hundred modules in all). The App renders them inside <Suspense>;
// `preloadScreens` fetches them once home is on screen, so a key pressed later finds them loaded. The
// modules that start a run or reopen a journal (the plan, the gates bridge, the run store, the journal
// replay) load the same way: the App reaches them through `sessionModules`.
import { lazy } from 'react';

const loaders = {
  run: () => import('./RunScreen.js'),
  checklist: () => import('./ChecklistScreen.js'),
  assess: () => import('./AssessScreen.js'),
  rollback: () => import('./RollbackScreen.js'),
  history: () => import('./HistoryScreen.js'),
  journal: () => import('./JournalScreen.js'),
  preflight: () => import('./PreflightScreen.js'),
};

/** A module loaded on first use: `use` runs at once when it is loaded (as it is after the preload). */
type LazyModule<M> = {
  load(): Promise<M>;
  /** Runs `run` with the module: now when loaded, else once it loads; `fail` gets a load error. */
  use(run: (module: M) => void, fail: (error: unknown) => void): void;
};

function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const get = (): Promise<M> =>
    (loading ??= load().then((module) => {
      loaded = module;
      return module;
    }));
  return {
    load: get,
    use: (run, fail) => {
      // Loaded (the usual case): synchronous, so a key's start and its screen change render together.
      if (loaded !== undefined) return run(loaded);
      get().then(run, fail);
    },
  };
}

/** Starting a run and reopening a journal, out of the first frame's modules. */
export const sessionModules = {
  start: lazyModule(() => import('./session/start-session.js')),
  journal: lazyModule(() => import('./session/journal-session.js')),
};

export const RunScreen = lazy(async () => ({ default: (await loaders.run()).RunScreen }));
export const ChecklistScreen = lazy(async () => ({ default: (await loaders.checklist()).ChecklistScreen }));
export const AssessScreen = lazy(async () => ({ default: (await loaders.assess()).AssessScreen }));
export const RollbackScreen = lazy(async () => ({ default: (await loaders.rollback()).RollbackScreen }));
export const HistoryScreen = lazy(async () => ({ default: (await loaders.history()).HistoryScreen }));
export const PreflightScreen = lazy(async () => ({ default: (await loaders.preflight()).PreflightScreen }));
export const JournalScreen = lazy(async () => ({ default: (await loaders.journal()).JournalScreen }));

/**
 * Starts loading every lazy screen and the session modules (after the first frame); failures surface when a
 * screen renders or a run starts.
 */
export function preloadScreens(): void {
  for (const load of Object.values(loaders)) load().catch(() => undefined);
  for (const module of Object.values(sessionModules)) module.load().catch(() => undefined);
}
