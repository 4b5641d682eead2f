// ink-ui's layout: each stateful widget keeps its state reducer, its key hook and its view in one folder
// (ui/widgets/<widget>/), so a change to how a widget behaves stays in one place.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = 'source/ui';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('UI widgets, one folder each', () => {
  it.each([
    ['log-pane', 'log-view.ts', 'use-log-pane.ts', 'LogPane.tsx'],
    ['form', 'form-state.ts', 'use-form.ts', 'FormView.tsx'],
    ['confirm', 'confirm-state.ts', 'use-confirm-dialog.ts', 'ConfirmDialog.tsx'],
    ['checklist', 'checklist-view.ts', 'use-checklist.ts', 'Checklist.tsx'],
  ])('%s: state, key hook and view side by side', (widget, state, hook, view) => {
    const files = readdirSync(join(root, 'widgets', widget));
    expect(files).toEqual(expect.arrayContaining([state, hook, view]));
    expect(readFileSync(join(root, 'widgets', widget, hook), 'utf8')).toContain('useKeyLayer(');
  });

  it('every reducer of a widget lives under ui/widgets/ (screens keep their own navigation)', () => {
    const reducers = sources(root)
      .filter((path) => !path.startsWith(join(root, 'widgets')) && !path.startsWith(join(root, 'screens')))
      .filter((path) => /export function (reduce[A-Z]\w*|\w+Reducer)\(/.test(readFileSync(path, 'utf8')));
    expect(reducers).toEqual([]);
  });
});
