// The screens the first frame does not show, loaded when first shown: home's first frame (header and
// placeholders) needs Ink, the key dispatcher and the home screen only, and each of these screens brings its
// components, hooks and views (about a hundred modules in all). The App renders them inside <Suspense>;
// `preloadScreens` fetches them once home is on screen, so a key pressed later finds them loaded.
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

export const RunScreen = lazy(async () => ({ default: (await loaders.run()).RunScreen }));
export const ChecklistScreen = lazy(async () => ({ default: (await loaders.checklist()).ChecklistScreen }));
export const AssessScreen = lazy(async () => ({ default: (await loaders.assess()).AssessScreen }));
export const RollbackScreen = lazy(async () => ({ default: (await loaders.rollback()).RollbackScreen }));
export const HistoryScreen = lazy(async () => ({ default: (await loaders.history()).HistoryScreen }));
export const PreflightScreen = lazy(async () => ({ default: (await loaders.preflight()).PreflightScreen }));
export const JournalScreen = lazy(async () => ({ default: (await loaders.journal()).JournalScreen }));

/** Starts loading every lazy screen (after the first frame); failures surface when a screen renders. */
export function preloadScreens(): void {
  for (const load of Object.values(loaders)) load().catch(() => undefined);
}
