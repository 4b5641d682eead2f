// A test alert fired with the real amtool through the real Alertmanager reaches the sandbox's SMTP relay,
// authenticated with exactly the credentials configured (the relay accepts no others).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configBb283db } from '../../source/sandbox/world/content/config-bb283db.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { startWorld, type World } from '../helpers/sandbox-world.js';
import { waitFor } from '../helpers/ssh-process.js';

const real = existsSync('/usr/bin/prometheus-alertmanager') && existsSync('/usr/bin/amtool');
let world: World | undefined;
let home: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  if (!real) return;
  world = await startWorld('chom-sbx-mail-', {
    sshd: false,
    smtp: { user: 'ops@sandbox.test', password: "typed 'in' the form&|" },
  });
  ({ home, sandbox } = world);
});
afterAll(async () => {
  await world?.close();
});

describe.skipIf(!real)('alert e-mail through the real Alertmanager', () => {
  it('delivers a test alert to the relay with the configured credentials', async () => {
    const vars = sandbox.runtimeVars;
    const mentat = vars.sandbox_mentat_root!;
    const passwordFile = join(mentat, 'etc/observability/alertmanager/smtp_password');
    writeFileSync(passwordFile, "typed 'in' the form&|", { mode: 0o640 });
    const doc = parseDocument(configBb283db['alertmanager.yml']!);
    doc.setIn(['global', 'smtp_from'], 'alertmanager@sandbox.test');
    doc.setIn(['global', 'smtp_smarthost'], `${vars.sandbox_smtp_host}:${vars.sandbox_smtp_port}`);
    doc.setIn(['global', 'smtp_auth_username'], 'ops@sandbox.test');
    doc.deleteIn(['global', 'smtp_auth_password']);
    doc.setIn(['global', 'smtp_auth_password_file'], passwordFile);
    doc.setIn(['global', 'smtp_require_tls'], false);
    doc.setIn(['route', 'group_wait'], '1s');
    for (const index of [1, 2])
      doc.setIn(['receivers', index, 'email_configs', 0, 'to'], 'oncall@sandbox.test');
    const target = join(mentat, 'etc/observability/alertmanager/alertmanager.yml');
    writeFileSync(target, doc.toString());
    const check = await runOnHost(
      home,
      'mentat',
      `"$CHOM_SANDBOX_ROOT/opt/observability/bin/amtool" check-config ${target}`,
    );
    expect(check.stdout).toContain('SUCCESS');
    const hup = await runOnHost(home, 'mentat', 'sudo -n systemctl kill -s HUP alertmanager');
    expect(hup.code).toBe(0);
    const metricsUrl = `${vars.sandbox_alertmanager_url}/metrics`;
    const status = async (): Promise<string> =>
      (
        (await (await fetch(`${vars.sandbox_alertmanager_url}/api/v2/status`)).json()) as {
          config: { original: string };
        }
      ).config.original;
    // the alert must go out under the new config: wait for Alertmanager to have loaded it (a safety net, not
    // a timing assertion)
    await waitFor(
      async () => (await status().catch(() => '')).includes('smtp_auth_password_file'),
      'the reloaded config',
      30_000,
    );
    expect(await (await fetch(metricsUrl)).text()).toMatch(/^alertmanager_config_last_reload_successful 1$/m);
    const fired = await runOnHost(
      home,
      'mentat',
      `"$CHOM_SANDBOX_ROOT/opt/observability/bin/amtool" --alertmanager.url=${vars.sandbox_alertmanager_url} alert add SandboxTestAlert severity=critical instance=sandbox --annotation=summary=hello`,
    );
    expect(fired.code).toBe(0);
    const mail = await sandbox.mail.await((m) => m.subject.includes('SandboxTestAlert'), 30_000);
    expect(mail.authUser).toBe('ops@sandbox.test');
    expect(mail.to).toEqual(['oncall@sandbox.test']);
    expect(mail.subject).toContain('[CRITICAL] SandboxTestAlert');
    expect(readFileSync(join(sandbox.mail.dir, `${mail.id}.eml`), 'utf8')).toContain('SandboxTestAlert');
  });
});
