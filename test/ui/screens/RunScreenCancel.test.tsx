// Cancel on the run screen (issue 13, item 3): every gate says what Cancel does; after a change, Cancel asks
// (what is live on each host; go back · pause · roll back); go back returns to the same confirmation; pause
// ends the run resumable and `u` resumes it from the console.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import {
  cleanupRendered,
  expectFits,
  keys,
  startDeploy,
  waitForText,
  type Rendered,
} from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

async function toMigrate(instance: Rendered): Promise<string> {
  await waitForText(instance, 'Actions');
  await startDeploy(instance);
  const form = await waitForText(instance, 'SMTP relay for alerts');
  instance.stdin.write(keys.tab);
  instance.stdin.write(keys.tab);
  instance.stdin.write('ops@example.org');
  instance.stdin.write(keys.tab);
  instance.stdin.write('pw-1');
  await waitForText(instance, '••••');
  instance.stdin.write(keys.enter);
  return form;
}

describe('Cancel on the run screen', () => {
  it('the form says Cancel stops (nothing changed); the migrate confirmation says Cancel asks, naming the built release', async () => {
    const { services } = createFakeServices({ followLine: 'following' });
    const { instance } = await renderApp(services, 100, 30);
    const form = await toMigrate(instance);
    expect(form).toContain('Esc cancels: nothing changed yet, the deploy stops');
    const confirm = await waitForText(instance, 'Confirm: Run migrations');
    expect(confirm.replace(/\s*║\s*/g, ' ')).toMatch(
      /Cancel\s+asks what to do: landsraad: release 20260109_083012 built, not live/,
    );
    expectFits(confirm, 100, 30);
  });

  it('n at migrate asks: live per host, go back / pause; Esc goes back to the same confirmation, y continues', async () => {
    const { services } = createFakeServices({ followLine: 'following' });
    const { instance } = await renderApp(services, 100, 30);
    await toMigrate(instance);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('n');
    const leave = await waitForText(instance, 'Cancelled at Run migrations');
    expect(leave).toContain('Live      landsraad: release 20260109_083012 built, not live');
    expect(leave).toContain('mentat: live release unchanged');
    expect(leave).toMatch(/g Go back\s+p Pause \(resumable\)/);
    expect(leave).not.toContain('Roll back');
    expectFits(leave, 100, 30);
    instance.stdin.write(keys.esc);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('y');
    const next = await waitForText(instance, 'Confirm: Switch to the new release');
    expect(next).not.toContain('deploy aborted');
  });

  it('p pauses: the run ends resumable, and u starts the deploy again as a resume of that run', async () => {
    const { services, requests } = createFakeServices({ followLine: 'following' });
    const { instance } = await renderApp(services, 100, 30);
    await toMigrate(instance);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('n');
    const leave = await waitForText(instance, 'Cancelled at Run migrations');
    const runId = /--resume ([^\s,]+)/.exec(leave)?.[1];
    expect(runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]+$/);
    instance.stdin.write('p');
    const ended = await waitForText(instance, 'deploy aborted');
    expect(ended).toMatch(/⊘ deploy aborted · u resume · Esc back · R rollback: paused at migrate/);
    instance.stdin.write('u');
    await waitForText(instance, 'SMTP relay for alerts');
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ mode: 'deploy' });
    expect(requests[1]!.resume).toBe(runId);
  });
});

describe('the leave dialog at 80 columns', () => {
  it('wraps by words: no word of what it says is split across rows', async () => {
    const { services } = createFakeServices({ followLine: 'following' });
    const { instance } = await renderApp(services, 80, 24);
    await toMigrate(instance);
    await waitForText(instance, 'Confirm: Run migrations');
    instance.stdin.write('n');
    const leave = await waitForText(instance, 'Cancelled at Run migrations');
    expectFits(leave, 80, 24);
    const joined = leave
      .split('\n')
      .map((row) =>
        row
          .replace(/^║\s?/, '')
          .replace(/\s*║$/, '')
          .replace(/^(Live|Go back|Pause)?\s+/, ''),
      )
      .join(' ');
    expect(joined).toContain('landsraad: release 20260109_083012 built, not live (live release unchanged)');
    expect(joined).toMatch(/stop here, resumable: chom-console deploy --resume \S+, or u on this screen/);
  });
});
