import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app-harness.js';
import { createFakeServices } from '../support/fake-services.js';
import { cleanupRendered, expectFits, startDeploy, waitForFrame, waitForText } from '../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

const colourCodes = new RegExp(`${String.fromCharCode(27)}\\[(3[0-7]|9[0-7]|38;)`);

describe('terminal manners', () => {
  it('NO_COLOR: no colour escapes, and every state still reads by its symbol', async () => {
    const { services } = createFakeServices({ failingChecks: ['c03'] });
    const { instance } = await renderApp(services, 80, 24);
    await waitForText(instance, 'Actions');
    instance.stdin.write('v');
    await waitForText(instance, '16/17 passing');
    for (const frame of instance.frames) expect(frame).not.toMatch(colourCodes);
    expect(instance.lastFrame()).toMatch(/✗ Migrations at batch 8/);
    expect(instance.lastFrame()).toMatch(/✓ API routes answer/);
  });

  it('resizing from 80 to 130 columns puts the host panes side by side', async () => {
    const { services } = createFakeServices();
    const { instance } = await renderApp(services, 80, 30);
    await waitForText(instance, 'Actions');
    await startDeploy(instance);
    await waitForText(instance, 'SMTP relay for alerts');
    const stdout = instance.stdout as unknown as { columns: number; emit: (event: string) => void };
    stdout.columns = 130;
    stdout.emit('resize');
    const frame = await waitForFrame(instance, (text) => /│1 landsraad .*│.*2 mentat/.test(text));
    expectFits(frame, 130, 30);
  });
});
