// Start-up: `--version`, `--help` and the headless commands never load the TUI (Ink, React, yoga) — issue 13,
// item 9. Every module a run resolves is recorded by a resolve hook (test/helpers/module-trace.mjs) and the
// list is searched for the UI packages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, runCli, type CliRun } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-startup-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hook = join(root, 'test', 'helpers', 'module-trace.mjs');
let runs = 0;

/** The CLI's run and the packages it loaded (directory names under node_modules/). */
async function traced(
  args: string[],
  home = join(dir, `home-${runs + 1}`),
): Promise<{ run: CliRun; packages: Set<string>; urls: string[] }> {
  runs += 1;
  const trace = join(dir, `trace-${runs}.txt`);
  // the sources, not dist: the trace names cli.tsx
  const run = await runCli(
    args,
    { CHOM_MODULE_TRACE: trace, CHOM_CONSOLE_HOME: home, NODE_OPTIONS: `--import ${hook}` },
    'sources',
  );
  const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(
    urls.flatMap((url) => {
      const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
      return match ? [match[1]!] : [];
    }),
  );
  return { run, packages, urls };
}

const uiPackages = ['ink', 'react', 'react-reconciler', 'yoga-layout', 'ink-spinner'];
const loadedUi = (packages: Set<string>) => uiPackages.filter((name) => packages.has(name));

describe('what a command loads before it runs', () => {
  it('the trace sees Ink when something loads it (the check below can fail)', () => {
    const trace = join(dir, 'ink.txt');
    execFileSync(process.execPath, ['--import', hook, '--input-type=module', '-e', "await import('ink')"], {
      cwd: root,
      env: { ...process.env, CHOM_MODULE_TRACE: trace },
    });
    const urls = readFileSync(trace, 'utf8');
    expect(urls).toMatch(/\/node_modules\/ink\//);
    expect(urls).toMatch(/\/node_modules\/yoga-layout\//);
  });

  it('--version loads neither the UI nor the world (no ssh2, zod or yaml)', async () => {
    const { run, packages, urls } = await traced(['--version']);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(urls.some((url) => url.endsWith('/cli.tsx'))).toBe(true);
    expect(packages.has('commander')).toBe(true);
    expect(loadedUi(packages)).toEqual([]);
    expect(['ssh2', 'zod', 'yaml', 'smtp-server', 'mailparser'].filter((name) => packages.has(name))).toEqual(
      [],
    );
  });

  it('--help does not load the UI', async () => {
    const { run, packages } = await traced(['--help']);
    expect(run.stdout).toContain('Usage: chom-console');
    expect(loadedUi(packages)).toEqual([]);
  });

  it('a headless plan loads neither the UI nor ssh2', async () => {
    const { run, packages } = await traced(['plan', '--profile', 'sandbox']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('landsraad');
    expect(loadedUi(packages)).toEqual([]);
    expect(packages.has('ssh2')).toBe(false);
  });

  it('a second plan of an unchanged profile loads neither the YAML library nor zod (the profile cache)', async () => {
    const home = join(dir, 'home-plan-twice');
    const first = await traced(['plan', '--profile', 'sandbox', '--format', 'json'], home);
    expect(['yaml', 'zod'].filter((name) => first.packages.has(name))).toEqual(['yaml', 'zod']);
    const second = await traced(['plan', '--profile', 'sandbox', '--format', 'json'], home);
    expect(second.run.code).toBe(0);
    expect(second.run.stdout).toBe(first.run.stdout);
    expect(['yaml', 'zod'].filter((name) => second.packages.has(name))).toEqual([]);
  });

  it('a headless deploy (refused before connecting) does not load the UI', async () => {
    const { run, packages } = await traced(['--profile', 'sandbox', 'deploy', '--plain']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes');
    expect(loadedUi(packages)).toEqual([]);
  });

  it('profiles list does not load the UI', async () => {
    const { run, packages } = await traced(['profiles', 'list']);
    expect(run.code).toBe(0);
    expect(loadedUi(packages)).toEqual([]);
  });

  it("the TUI's first frame loads home alone: the other screens load when first shown", () => {
    const trace = join(dir, 'app.txt');
    // what renderConsole imports to draw home's first frame
    execFileSync(
      process.execPath,
      ['--import', hook, '--input-type=module', '-e', "await import('./dist/source/ui/App.js')"],
      { cwd: root, env: { ...process.env, CHOM_MODULE_TRACE: trace } },
    );
    const loaded = readFileSync(trace, 'utf8')
      .split('\n')
      .flatMap((url) => /\/dist\/source\/ui\/(.+)\.js$/.exec(url)?.[1] ?? []);
    expect(loaded).toContain('screens/HomeScreen');
    expect(loaded).toContain('components/Header');
    const later = [
      'screens/RunScreen',
      'screens/ChecklistScreen',
      'screens/AssessScreen',
      'screens/RollbackScreen',
      'screens/HistoryScreen',
      'screens/JournalScreen',
      'screens/PreflightScreen',
      'components/StepList',
      'widgets/checklist/Checklist',
      'components/CommandLog',
      'widgets/log-pane/LogPane',
      'widgets/form/FormView',
      'widgets/confirm/ConfirmDialog',
      // starting a run (the plan, the run store) and reopening a journal load with the screens, not before
      'screens/session/start-session',
      'screens/session/run-session',
      'screens/session/journal-session',
    ];
    expect(later.filter((name) => loaded.includes(name))).toEqual([]);
  });
});
