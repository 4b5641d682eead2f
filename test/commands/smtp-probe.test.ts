// The SMTP form's login test, run with bash against the sandbox's real SMTP relay (smtp-server on
// loopback): the verdict names the profile's host it ran from, and says the server's code once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmtpProbe } from '../../source/cli/smtp-verdict.js';
import { buildSmtpProbe, type SmtpProbeValues } from '../../source/commands/smtp-probe.js';
import { freePort } from '../../source/sandbox/lifecycle/ports.js';
import { startSmtpRelay, type SmtpRelay } from '../../source/sandbox/services/smtp-relay.js';

let relay: SmtpRelay;
let port: number;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smtp-probe-'));
  port = await freePort();
  relay = await startSmtpRelay(join(dir, 'mail'), port, { user: 'alerts@sandbox.test', password: 'right' });
});
afterAll(async () => {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the probe with bash (asynchronously: the relay answers from this same process). */
async function probe(values: SmtpProbeValues): Promise<ReturnType<typeof parseSmtpProbe>> {
  const command = buildSmtpProbe('mentat', values);
  // the password travels on stdin only, and the command says it carries a secret
  expect([command.script.includes(values.password), command.stdin, command.sensitive]).toEqual([
    false,
    values.password,
    true,
  ]);
  const { script, stdin } = command;
  const child = spawn('bash', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stdin.end(stdin ?? '');
  await new Promise((resolve) => child.on('close', resolve));
  return parseSmtpProbe(stdout, values);
}

const values = (password: string, at = port): SmtpProbeValues => ({
  host: '127.0.0.1',
  port: String(at),
  username: 'alerts@sandbox.test',
  password,
  encryption: 'none',
});

describe('SMTP login test', () => {
  it('a refused login says the code once, with what to check', async () => {
    const verdict = await probe(values('wrong'));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^login refused by 127\.0\.0\.1:\d+: 535 5\.7\.8 /);
    expect(verdict.message).not.toMatch(/535 535/);
    expect(verdict.message).toContain('check the username and password');
  });

  it('an accepted login is reported as such', async () => {
    expect(await probe(values('right'))).toEqual({
      ok: true,
      message: expect.stringMatching(/^login accepted by 127\.0\.0\.1:\d+ \(235 /),
    });
  });

  it('a closed port names the host of the profile it was tried from, not the machine', async () => {
    const closed = await freePort();
    const verdict = await probe(values('right', closed));
    expect(verdict).toEqual({ ok: false, message: `cannot connect to 127.0.0.1:${closed} from mentat` });
  });

  it('a server repeating its code in the text is shown with it once', () => {
    const verdict = parseSmtpProbe(
      'banner=220 hi\nehlo=250 ok\nauth=535 535 5.7.8 Bad credentials\n',
      values('x'),
    );
    expect(verdict.message).toContain(': 535 5.7.8 Bad credentials — check');
  });
});
