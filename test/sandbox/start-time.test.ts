// Start-up cost of the sandbox (reported, not asserted on time): a world seeded from nothing and started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startSandbox } from '../../source/sandbox/lifecycle/sandbox.js';

it('starts a fresh world and a second time an existing one', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chom-sbx-time-'));
  try {
    const first = await startSandbox({ home });
    await first.stop();
    const second = await startSandbox({ home });
    await second.stop();
    console.log(`sandbox start: fresh world ${first.startMs} ms, existing world ${second.startMs} ms`);
    expect(first.hosts.landsraad?.fingerprint).toBe(second.hosts.landsraad?.fingerprint);
    expect(second.hosts.mentat?.port).toBeGreaterThan(0);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
