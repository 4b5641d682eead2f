import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Checklist } from '../../../../source/ui/widgets/checklist/Checklist.js';
import {
  checklistRows,
  checklistSummary,
  type ChecklistItem,
} from '../../../../source/ui/widgets/checklist/checklist-view.js';
import { KeyDispatcherProvider } from '../../../../source/ui/hooks/use-key-dispatcher.js';
import { useChecklist } from '../../../../source/ui/widgets/checklist/use-checklist.js';
import { eventually } from '../../../helpers/wait-for.js';
import {
  expectFits,
  keys,
  plainFrame,
  renderReady,
  waitForFrame,
  waitForText,
} from '../../support/frames.js';

afterEach(cleanup);

const groups = ['Application', 'Observability', 'Integration'] as const;
function criteria(): ChecklistItem[] {
  return Array.from({ length: 17 }, (_, index) => ({
    id: `c${index}`,
    group: groups[index < 7 ? 0 : index < 13 ? 1 : 2],
    title: `Criterion number ${index}`,
    state:
      index === 2
        ? 'failed'
        : index === 8
          ? 'running'
          : index === 15
            ? 'skipped'
            : index === 16
              ? 'pending'
              : 'passed',
    explain: index === 2 ? 'The API routes answer 301: the new release is not serving.' : undefined,
    detail: index === 2 ? 'GET /api/v1/health → 301\n\u001b[31mLocation: /login\u001b[0m' : undefined,
    durationMs: 120 * index,
  }));
}

function Harness({
  items,
  width,
  height,
  onRerun,
}: {
  items: ChecklistItem[];
  width: number;
  height: number;
  onRerun?: () => void;
}) {
  const list = useChecklist({ count: items.length, focused: true, onRerun });
  return (
    <Checklist
      items={items}
      selected={list.selected}
      expanded={list.expanded}
      width={width}
      height={height}
      focused
      animate={false}
    />
  );
}

const tree = (props: Parameters<typeof Harness>[0]) => (
  <KeyDispatcherProvider>
    <Harness {...props} />
  </KeyDispatcherProvider>
);

describe('Checklist', () => {
  it('groups criteria with live states and the summary', async () => {
    const instance = await renderReady(tree({ items: criteria(), width: 80, height: 30 }));
    const frame = await waitForText(instance, 'passing');
    expect(frame).toContain('Application 6/7');
    expect(frame).toContain('Observability 5/6');
    expect(frame).toContain('Integration 2/4');
    expect(frame).toMatch(/✗ Criterion number 2/);
    expect(frame).toMatch(/↻ Criterion number 8/);
    expect(frame).toMatch(/⊘ Criterion number 15/);
    expect(frame).toMatch(/○ Criterion number 16/);
    expect(frame).toContain('13/17 passing · 1 failing · 1 running · 1 pending · 1 skipped');
    expectFits(frame, 80);
  });

  it('moves the selection and shows a failure’s details on Enter', async () => {
    const instance = await renderReady(tree({ items: criteria(), width: 80, height: 30 }));
    await waitForFrame(instance, (frame) => /❯ ✓ Criterion number 0/.test(frame));
    instance.stdin.write('j');
    instance.stdin.write(keys.down);
    await waitForFrame(instance, (frame) => /❯ ✗ Criterion number 2/.test(frame));
    instance.stdin.write(keys.enter);
    const frame = await waitForText(instance, 'the new release is not serving');
    expect(frame).toContain('GET /api/v1/health → 301');
    expect(frame).toContain('Location: /login');
    expect(instance.lastFrame()).not.toContain('\u001b[31mLocation');
    instance.stdin.write(keys.enter);
    await waitForFrame(instance, (f) => !f.includes('not serving'));
    instance.stdin.write('G');
    await waitForFrame(instance, (f) => /❯ ○ Criterion number 16/.test(f));
  });

  it('re-runs on r', async () => {
    const onRerun = vi.fn();
    const instance = await renderReady(tree({ items: criteria(), width: 80, height: 30, onRerun }));
    instance.stdin.write('r');
    await eventually(() => expect(onRerun).toHaveBeenCalledTimes(1));
  });

  it('windows to a small height, keeping the selection visible', async () => {
    const instance = await renderReady(tree({ items: criteria(), width: 80, height: 8 }));
    instance.stdin.write('G');
    const frame = await waitForFrame(instance, (f) => /❯ ○ Criterion number 16/.test(f));
    expect(frame.split('\n')).toHaveLength(8);
    expect(frame).toContain('13/17 passing');
  });

  it('says how many rows the window leaves out, above and below', async () => {
    const instance = await renderReady(tree({ items: criteria(), width: 80, height: 8 }));
    let frame = await waitForText(instance, '13/17 passing');
    expect(frame).toMatch(/↓ \d+ more · j\/k move\n13\/17 passing/);
    expect(frame.split('\n')).toHaveLength(8);
    instance.stdin.write('G');
    frame = await waitForFrame(instance, (f) => /❯ ○ Criterion number 16/.test(f));
    expect(frame).toMatch(/↑ \d+ above · j\/k move\n13\/17 passing/);
    expect(frame).not.toContain('more ·');
  });

  it('says all passing plainly', () => {
    const items = criteria().map((item) => ({ ...item, state: 'passed' as const }));
    expect(checklistSummary(items)).toBe('17/17 passing');
    const frame = plainFrame(
      render(
        <Checklist items={items} selected={0} expanded={false} width={120} height={40} focused={false} />,
      ),
    );
    expect(frame).toContain('17/17 passing');
    expect(frame).not.toContain('❯');
  });

  it('caps long details', () => {
    const item: ChecklistItem = {
      id: 'x',
      group: 'Integration',
      title: 't',
      state: 'failed',
      detail: 'l\n'.repeat(50),
    };
    const rows = checklistRows([item], 0, true, 40);
    expect(rows.filter((row) => row.kind === 'detail')).toHaveLength(8);
    expect(rows.at(-1)).toMatchObject({ kind: 'detail', text: '… 43 more lines' });
  });
});
