// Frame integrity of the screens around the dialogs — home, help, the rollback picker and the checklist —
// in the whole App at 80×24, 100×30, 120×40 and 200×60: nothing wider or taller than the terminal, no
// `{{`, home's notes (the sandbox's demo credentials) and the help's descriptions readable word for word,
// one pointer in the picker.
import { resolve } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxNotes } from '../../source/cli/sandbox-notes.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { bindingsFor } from '../../source/ui/keymap.js';
import { helpScopes } from '../../source/ui/screens/HelpLayer.js';
import { renderApp } from './support/app-harness.js';
import { createFakeServices, uiPlanFacts } from './support/fake-services.js';
import { deployPlan } from '../../source/engine/plan/deploy-plan.js';
import { previewRender } from '../../source/engine/plan/plan-render.js';
import { deployPlanSections } from '../../source/report/deploy-plan-sections.js';
import { expectFrameFits, expectRecoverable, terminalSizes } from './support/frame-integrity.js';
import { cleanupRendered, keys, waitForFrame, waitForText } from './support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

/** The notes the real sandbox shows on home (its demo relay, stand-ins and real programs). */
const notes = sandboxNotes({
  runtimeVars: {
    sandbox_smtp_host: '127.0.0.1',
    sandbox_smtp_port: '23444',
    sandbox_smtp_user: 'alerts@sandbox.test',
    sandbox_smtp_password: 'sandbox-smtp-demo',
  },
  services: [
    ...['app (CHOM API stub)', 'grafana', 'loki', 'smtp relay'].map((name) => ({
      name,
      kind: 'stand-in' as const,
    })),
    { name: 'exporters (node, nginx, postgres, redis, php-fpm, blackbox)', kind: 'stand-in' as const },
    ...['prometheus', 'alertmanager'].map((name) => ({ name, kind: 'real' as const })),
  ],
} as unknown as Parameters<typeof sandboxNotes>[0]);

const sandbox = loadProfile('sandbox', { profilesDir: resolve('profiles') });

describe.each(terminalSizes)('screens at $columns×$rows', ({ columns, rows }) => {
  it('home: the notes whole, the profile described (or marked cut), nothing past the edges', async () => {
    const { services } = createFakeServices();
    if (!sandbox.ok) throw new Error('sandbox profile does not load');
    const description = sandbox.profile.description ?? '';
    services.runtimeNotes = notes;
    services.profile = { ...services.profile, description };
    const { instance } = await renderApp(services, columns, rows);
    const frame = await waitForText(instance, 'Actions');
    expectFrameFits(frame, columns, rows, 'home');
    expectRecoverable(notes, [frame], columns - 9, `home at ${columns}×${rows}`);
    if (rows >= 30) expectRecoverable([description], [frame], columns - 9, `home at ${columns}×${rows}`);
    else expect(frame, 'the description says it was cut').toMatch(/Profile[^\n]*\n(?:[^\n]*\n)*?[^\n]* …\n/);
  });

  it('help: every description of the screen readable, scrolling where it says so', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, columns, rows);
    await waitForText(instance, 'Actions');
    instance.stdin.write('?');
    const frames = [await waitForText(instance, 'Keys · ? or Esc closes')];
    for (let guard = 0; guard < 20; guard += 1) {
      const last = frames[frames.length - 1] as string;
      const at = /lines \d+–(\d+) of (\d+)/.exec(last);
      if (at === null || at[1] === at[2]) break;
      instance.stdin.write(keys.pgdn);
      frames.push(await waitForFrame(instance, (frame) => frame !== last));
    }
    for (const frame of frames) expectFrameFits(frame, columns, rows, 'help');
    const descriptions = bindingsFor(helpScopes('home')).map((binding) => binding.description);
    expectRecoverable(descriptions, frames, 30, `help at ${columns}×${rows}`);
  });

  it('rollback picker: one pointer, the releases listed, nothing past the edges', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, columns, rows);
    await waitForText(instance, 'Actions');
    instance.stdin.write('R');
    const frame = await waitForText(instance, 'Phase 0 baseline');
    expectFrameFits(frame, columns, rows, 'picker');
    expect(frame.match(/❯/gu) ?? [], `one pointer:\n${frame}`).toHaveLength(1);
  });

  it.each(['production', 'sandbox'])(
    'pre-flight (%s): every row of the plan readable word for word across its pages, nothing past the edges',
    async (name) => {
      const { services } = createFakeServices();
      const loaded = loadProfile(name, { profilesDir: resolve('profiles') });
      if (!loaded.ok) throw new Error(`${name} profile does not load`);
      const plan = deployPlan(loaded.profile, {}, uiPlanFacts(), previewRender(loaded.profile));
      services.profile = loaded.profile;
      services.profileName = name;
      services.deployPlan = async () => plan;
      const { instance } = await renderApp(services, columns, rows);
      await waitForText(instance, 'Actions');
      instance.stdin.write('d');
      const frames = [await waitForText(instance, 'facts read from the hosts')];
      for (let guard = 0; guard < 40; guard += 1) {
        const last = frames[frames.length - 1] as string;
        if (!/lines \d+–\d+ of \d+ · j/.test(last)) break;
        instance.stdin.write(keys.pgdn);
        frames.push(await waitForFrame(instance, (frame) => frame !== last));
      }
      for (const frame of frames) expectFrameFits(frame, columns, rows, `pre-flight ${name}`);
      const texts = deployPlanSections(plan).flatMap((section) => [
        section.title,
        ...section.rows.map((row) => row.text),
      ]);
      // the pages' text without their chrome (title rows above, the position line and keys below): a row
      // wrapped across a page break then reads on, as the operator reads it
      const pages = frames.map((frame) => {
        const lines = frame.split('\n');
        const end = lines.findIndex((line) => /^lines \d+–\d+ of \d+/.test(line));
        return lines
          .slice(0, end === -1 ? undefined : end)
          .filter((line) => !/^(chom-console · |Pre-flight: deploy on )/.test(line))
          .join('\n');
      });
      expectRecoverable(texts, pages, columns - 12, `pre-flight ${name} at ${columns}×${rows}`);
    },
  );

  it('checklist: the verdict, every group and criterion where they fit, nothing past the edges', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, columns, rows);
    await waitForText(instance, 'Actions');
    instance.stdin.write('v');
    const frame = await waitForText(instance, '17/17 passing');
    expectFrameFits(frame, columns, rows, 'checklist');
    const titles = services.profile.checks.map((check) => `${check.title}`);
    if (rows >= 40) expectRecoverable(titles, [frame], 40, `checklist at ${columns}×${rows}`);
  });
});
