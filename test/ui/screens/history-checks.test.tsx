// Runs reopened from their journals show the checks as the checklist does, read-only: a verify reopens as its
// checklist (rows, results, evidence), and a reopened deploy opens the checks that ran after it with `v`.
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
  waitForFrame,
  waitForText,
} from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

const deploy = deployToTheEnd;

describe('checks of reopened runs', () => {
  it('reopens a verify as its checklist: rows, results and evidence, read-only', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'ui-history-checks-'));
    const fake = createFakeServices({ stateDir, failingChecks: ['c02'] });
    const { instance } = await renderApp(fake.services, 80, 24);
    await waitForText(instance, 'Recent runs');
    instance.stdin.write('v');
    await waitForText(instance, '16/17 passing · 1 failing');
    instance.stdin.write(keys.esc);
    await waitForFrame(instance, (text) => /verify +failed/.test(text));
    instance.stdin.write('h');
    await waitForFrame(instance, (text) => /❯ .*verify +failed/.test(text));
    instance.stdin.write(keys.enter);
    let frame = await waitForText(instance, 'read-only · verify');
    expect(frame).toContain('Success criteria');
    expect(frame).toContain('16/17 passing · 1 failing');
    expect(frame).toMatch(/✗ API routes answer/);
    expect(frame).not.toMatch(/re-run|checking…/);
    expectFits(frame, 80, 24);
    // the failing row's evidence, as the live checklist showed it
    instance.stdin.write('j');
    instance.stdin.write(keys.enter);
    frame = await waitForText(instance, 'c02: expectation not met');
    expect(frame).toContain('Criterion 2 fails');
    // nothing runs from a record: r and f say so, no run is requested
    const before = fake.requests.length;
    instance.stdin.write('r');
    await waitForText(instance, 'nothing runs from here');
    instance.stdin.write('f');
    instance.stdin.write('R');
    frame = await waitForText(instance, 'nothing runs from here. Esc back, then R');
    expect(frame).not.toContain('Roll back the application');
    expect(fake.requests.length).toBe(before);
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Run history · 1 run');
  });

  it('a reopened deploy opens the checks that ran after it with v, and Esc comes back to the deploy', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'ui-history-checks-'));
    const fake = createFakeServices({ stateDir, failingChecks: ['c15'] });
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Recent runs');
    await deploy(instance);
    await waitForText(instance, '16/17 passing');
    instance.stdin.write(keys.esc);
    await waitForText(instance, '✓ deploy finished');
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Recent runs');
    instance.stdin.write('h');
    await waitForText(instance, 'Run history · 2 runs');
    instance.stdin.write('j');
    await waitForFrame(instance, (text) => /❯ .*deploy +ok/.test(text));
    instance.stdin.write(keys.enter);
    let frame = await waitForText(instance, 'read-only · deploy');
    expect(frame).toMatch(/· by tester · v its checks · Esc back/);
    const before = fake.requests.length;
    instance.stdin.write('v');
    frame = await waitForText(instance, 'read-only · verify');
    expect(frame).toContain('16/17 passing · 1 failing');
    expect(frame).toMatch(/✗ .*/);
    expectFits(frame, 120, 40);
    expect(fake.requests.length).toBe(before);
    instance.stdin.write(keys.esc);
    frame = await waitForText(instance, 'read-only · deploy');
    expect(frame).toMatch(/✓ Switch to the new release/);
  });
});
