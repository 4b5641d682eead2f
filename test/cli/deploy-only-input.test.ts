// `--only PART` through the command program (in-process): the name is looked up in the profile's `parts:`,
// an unknown or hostile one is refused with exit 2 before any host is dialled (the profile's host refuses
// connections, so getting past the refusal shows as exit 3), and the refusal lists the known parts. `plan
// --only` shows the partial deploy without connecting.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../source/report/plan-document.js';
import { cliInProcess } from './cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-only-input-'));
const env = { CHOM_CONSOLE_HOME: join(dir, 'home') };
const profile = join(dir, 'only-probe.yaml');
writeFileSync(
  profile,
  `name: only-probe
hosts:
  app: { address: 127.0.0.1, port: 1, user: deploy, roles: [app] }
phases:
  - id: build
    title: Build
    steps:
      - { id: lock, title: Lock, host: app, lock: { path: /tmp/only-probe.lock } }
      - { id: make, title: Make, host: app, run: { command: 'true' } }
  - id: mail
    title: Mail
    steps:
      - { id: send, title: Send, host: app, run: { command: 'true' } }
      - { id: unlock, title: Unlock, host: app, unlock: { path: /tmp/only-probe.lock } }
parts:
  app: { title: The app, phases: [build] }
  mail: { title: The mail, phases: [mail] }
`,
);
const known = 'parts: app (The app), mail (The mail)';
const cli = (...args: string[]) => cliInProcess(['--profile', profile, ...args], { env });

describe('deploy --only PART', () => {
  it('refuses an unknown part before connecting, naming the known ones and the closest', async () => {
    const run = await cli('deploy', '--plain', '--yes', '--only', 'mal');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `deploy --only: no part "mal" in profile only-probe; ${known}; did you mean "mail"?`,
    );
    const plan = await cli('plan', '--only', 'smtp');
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain(`plan --only: no part "smtp" in profile only-probe; ${known}`);
  });

  it.each([
    ['an escape sequence', 'app\u001b]0;pwned\u0007'],
    ['a prototype key', '__proto__'],
    ['an inherited name', 'constructor'],
    ['the empty name', ''],
    ['shell syntax', 'app; touch /tmp/pwned'],
    ['a very long name', 'a'.repeat(100_000)],
    ['a newline', 'app\nmail'],
  ])('refuses %s with exit 2, echoing it printable and short', async (_what, name) => {
    const run = await cli('deploy', '--plain', '--yes', '--only', name);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^deploy --only: no part "/m);
    expect(run.stderr).toContain(known);
    // nothing unprintable reaches the terminal, and a long name is cut
    const unprintable = [...run.stderr].filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      return (code < 0x20 && char !== '\n') || code === 0x7f;
    });
    expect(unprintable).toEqual([]);
    expect(run.stderr.length).toBeLessThan(600);
  });

  it('gets past the part to connecting (exit 3) when the name is known', async () => {
    const run = await cli('deploy', '--plain', '--yes', '--only', 'mail');
    expect(run.code).toBe(3);
  });

  it('plan --only: the part runs (the lock taken first, released at its end), the rest is marked not run', async () => {
    const run = await cli('plan', '--only', 'mail', '--format', 'json');
    expect(run.code).toBe(0);
    const plan = (JSON.parse(run.stdout) as PlanDocument).deploy;
    expect(plan.request).toEqual({ mode: 'deploy', from: null, only: 'mail' });
    expect(plan.phases.map((phase) => [phase.id, phase.skipped, phase.steps.map((s) => s.id)])).toEqual([
      ['build', 'not part of --only mail: not run', []],
      ['mail', null, ['lock', 'send', 'unlock']],
    ]);
    const app = (JSON.parse((await cli('plan', '--only', 'app', '--format', 'json')).stdout) as PlanDocument)
      .deploy;
    // the app part lacks the unlock: the runbook's is added at its end
    expect(app.phases.map((phase) => phase.steps.map((s) => s.id))).toEqual([['lock', 'make'], ['unlock']]);
    const markdown = await cli('plan', '--only', 'mail');
    expect(markdown.stdout).toContain('Partial deploy --only mail: runs mail; nothing else');
  });
});
