// The console (home) takes --var like the headless commands: checked as the profile loads, refused with exit 2
// before the world starts, and carried in the session for every run the console starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { homeSession } from '../../source/cli/home-session.js';
import { root } from './run-cli.js';

const home = mkdtempSync(join(tmpdir(), 'chom-home-vars-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const errors: string[] = [];
const io = {
  out: () => undefined,
  err: (text: string) => void errors.push(text),
  isTTY: true,
  env: { CHOM_CONSOLE_HOME: home },
  cwd: root,
};

describe('homeSession and --var', () => {
  it('carries the values into the session', async () => {
    const loaded = await homeSession({ profile: 'sandbox', var: ['branch=release $(x)'] }, io);
    expect(loaded.ok && loaded.session.values).toEqual({
      overrides: { branch: 'release $(x)' },
      sources: { branch: '--var' },
    });
  });

  it('refuses an unknown name and a secret with exit 2, never echoing the value', async () => {
    for (const arg of ['nope=1', 'smtp.password=x-home-secret']) {
      errors.length = 0;
      const loaded = await homeSession({ profile: 'sandbox', var: [arg] }, io);
      expect(loaded).toEqual({ ok: false, code: 2 });
      expect(errors.join('\n')).toMatch(/^refused before connecting: --var (nope|smtp\.password): /);
      expect(errors.join('\n')).not.toContain('x-home-secret');
    }
  });
});
