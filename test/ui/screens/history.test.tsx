// The run history in the TUI, over journals the real runner wrote: home lists the last runs, a finished
// deploy's screen stays reachable under its checklist, and any run reopens from its journal read-only
// (keys that would start something start nothing, and the screen says why).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import {
  cleanupRendered,
  expectFits,
  keys,
  deployToTheEnd,
  startDeploy,
  waitForFrame,
  waitForText,
} from '../support/frames.js';
import { eventually } from '../../helpers/wait-for.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

const deploy = deployToTheEnd;

describe('run history in the TUI', () => {
  it('keeps the finished deploy under its checklist, lists the runs on home and reopens one read-only', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'ui-history-'));
    const fake = createFakeServices({ stateDir });
    const { instance } = await renderApp(fake.services, 120, 40);
    let frame = await waitForText(instance, 'Recent runs');
    expect(frame).toContain('none yet');

    // an aborted deploy (the form cancelled), then a deploy to its end
    await startDeploy(instance);
    await waitForText(instance, 'SMTP relay for alerts');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'deploy aborted');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Recent runs');
    await deploy(instance);
    await waitForText(instance, '17/17 passing');
    // the finished deploy stays under its checklist, but only the checklist follows the hosts' logs
    await eventually(() => expect(fake.followers.active).toBe(2));

    // Esc from the checklist: the finished deploy's steps and command log, not home
    instance.stdin.write(keys.esc);
    frame = await waitForText(instance, '✓ deploy finished');
    expect(frame).toContain('Switch to the new release');
    instance.stdin.write(keys.esc);
    frame = await waitForFrame(instance, (text) => /verify +ok/.test(text));
    const recent = frame.slice(frame.indexOf('Recent runs')).split('\n');
    expect(recent[1]).toMatch(/UTC {2}verify +ok +\S+ +tester {2}\d{8}T\d{9}Z-\w+\.jsonl/);
    expect(recent[2]).toMatch(/UTC {2}deploy +ok +\S+ +tester /);
    expect(recent[3]).toMatch(/UTC {2}deploy +aborted +\S+ +tester /);
    expectFits(frame, 120, 40);

    // h: the history; the aborted deploy is third; Enter reopens it from its journal
    instance.stdin.write('h');
    frame = await waitForText(instance, 'Run history · 3 runs');
    expect(frame).toMatch(/❯ .*verify +ok/);
    instance.stdin.write('j');
    instance.stdin.write('j');
    frame = await waitForFrame(instance, (text) => /❯ .*deploy +aborted/.test(text));
    expect(frame).toContain(`journal  ${stateDir}/journal/`);
    instance.stdin.write(keys.enter);
    frame = await waitForText(instance, 'read-only · deploy');
    expect(frame).toMatch(/read-only · deploy \S+ · aborted · \S+ · by tester · Esc back/);
    expect(frame).toContain('Take the deploy lock');
    expectFits(frame, 120, 40);

    // nothing starts from a reopened run: R says why, the failure keys and home's keys do nothing
    const before = fake.requests.length;
    instance.stdin.write('R');
    frame = await waitForText(instance, 'nothing starts from here');
    expect(frame).toContain('read-only');
    expect(frame).toMatch(/host +exit +time command/);
    // then c (hide the command log) as a marker that every key before it was dispatched
    for (const key of ['d', 'r', 'b', 'a', 's', 'v', keys.enter, 'c']) instance.stdin.write(key);
    frame = await waitForFrame(instance, (text) => !/host +exit +time command/.test(text));
    expect(frame).toContain('nothing starts from here');
    expect(frame).not.toContain('Roll back the application');
    expect(fake.requests.length).toBe(before);

    // Esc leads back to the history, then home
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Run history · 3 runs');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Recent runs');
  });

  it('reopens the finished deploy with its steps, command log and the output its panes showed', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'ui-history-'));
    const fake = createFakeServices({ stateDir, composerLines: 4 });
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Recent runs');
    await deploy(instance);
    await waitForText(instance, '17/17 passing');
    instance.stdin.write(keys.esc);
    await waitForText(instance, '✓ deploy finished');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Recent runs');
    instance.stdin.write('h');
    await waitForText(instance, 'Run history · 2 runs');
    instance.stdin.write('j');
    await waitForFrame(instance, (text) => /❯ .*deploy +ok/.test(text));
    instance.stdin.write(keys.enter);
    const frame = await waitForText(instance, 'read-only · deploy');
    expect(frame).toMatch(/read-only · deploy \S+ · ok · /);
    expect(frame).toMatch(/✓ Switch to the new release/);
    expect(frame).toContain('composer: package 4');
    expect(frame).toMatch(/landsraad +0 .*lock='\/srv\/chom\/.deploy-lock'/);
  });
});

describe('a deploy of a runbook without success criteria', () => {
  it('stays on the finished deploy: no verify is started, nothing refused', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'ui-no-checks-'));
    const fake = createFakeServices({ stateDir, noChecks: true });
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    await deploy(instance);
    const frame = await waitForText(instance, '✓ deploy finished');
    expect(frame).not.toContain('verify cannot start');
    // back home: the only run the console asked for was the deploy
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Actions');
    expect(fake.requests.map((request) => request.mode)).toEqual(['deploy']);
  });
});
