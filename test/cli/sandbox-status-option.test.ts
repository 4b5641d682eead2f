// `sandbox status --format json` from the command line: the document scripts read (it was reachable only
// in-process before: commander refused the option).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';

const home = mkdtempSync(join(tmpdir(), 'chom-status-format-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('sandbox status --format', () => {
  it('prints one JSON document saying the sandbox is not running and not seeded', async () => {
    const run = await cliInProcess(['sandbox', 'status', '--format', 'json'], {
      env: { CHOM_CONSOLE_HOME: home },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ seeded: false, hash: null });
    expect(JSON.stringify(doc)).toContain(join(home, 'sandbox'));
  });

  it('refuses a format it does not know, naming the choices', async () => {
    const run = await cliInProcess(['sandbox', 'status', '--format', 'yaml'], {
      env: { CHOM_CONSOLE_HOME: home },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/md, json/);
  });
});
