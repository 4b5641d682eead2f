// What a headless run is told before it connects: form values (--values, --password-stdin, the
// environment), the questions it would ask, and the settings it remembers.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../source/cli/cli-io.js';
import { formAnswers } from '../../source/cli/form-answers.js';
import { criticalRefusal, runQuestions } from '../../source/cli/headless-preflight.js';
import { stripOneNewline } from '../../source/cli/secret-input.js';
import { readSettings, rememberProfile } from '../../source/cli/settings.js';
import { secretEnvName } from '../../source/cli/values-file.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { Form } from '../../source/profile/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-cli-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
if (!loaded.ok) throw new Error('production profile does not load');
const production = loaded.profile;
const smtp = { smtp: production.forms.smtp! } as Record<string, Form>;
const values = 'host: smtp.example.org\nport: 587\nusername: alerts\nalert_to: ops@example.org\n';

describe('form answers', () => {
  it('reads flat YAML for the single form, adds defaults and takes the password from stdin', () => {
    const answers = formAnswers(smtp, file('flat.yaml', values), { stdin: `it's "x" $(y)`, env: {} });
    expect(answers).toEqual({
      ok: true,
      values: {
        smtp: {
          host: 'smtp.example.org',
          port: '587',
          username: 'alerts',
          password: `it's "x" $(y)`,
          encryption: 'tls',
          from_address: 'alerts@chom.arewel.com',
          from_name: 'CHOM',
          alert_to: 'ops@example.org',
        },
      },
      secrets: [`it's "x" $(y)`],
    });
  });

  it('reads nested JSON and the password from CHOM_SMTP_PASSWORD', () => {
    const json = file(
      'nested.json',
      JSON.stringify({ smtp: { host: '10.0.0.5', port: 25, username: 'u', alert_to: 'a@b.io' } }),
    );
    const answers = formAnswers(smtp, json, { env: { CHOM_SMTP_PASSWORD: 'from-env' } });
    expect(answers.ok && answers.values.smtp).toMatchObject({
      host: '10.0.0.5',
      port: '25',
      password: 'from-env',
    });
    expect(secretEnvName('smtp', 'password')).toBe('CHOM_SMTP_PASSWORD');
  });

  it('refuses, naming what to pass: no file, a secret in the file, an unknown field, invalid values, a carriage return in the secret', () => {
    // a form without live values (forms.smtp.live absent): everything must come from the flags
    const { live: _live, ...withoutLive } = production.forms.smtp!;
    const refused = (path: string | undefined, stdin?: string) => {
      const answers = formAnswers({ smtp: withoutLive } as Record<string, Form>, path, {
        ...(stdin !== undefined && { stdin }),
        env: {},
      });
      return answers.ok ? 'accepted' : answers.message;
    };
    expect(refused(undefined, 'pw')).toMatch(/form smtp.*only from --values FILE/);
    expect(refused(file('secret.yaml', `${values}password: hunter22\n`), 'pw')).toMatch(
      /"smtp\.password" is a secret and is not read from files; give it with --password-stdin or CHOM_SMTP_PASSWORD/,
    );
    expect(refused(file('typo.yaml', `${values}hots: x\n`), 'pw')).toMatch(
      /no field "hots"; fields: host, port/,
    );
    const invalid = refused(
      file('bad.yaml', values.replace('587', '99999').replace('ops@example.org', 'nobody')),
      'pw',
    );
    expect(invalid).toMatch(/smtp\.port: a port number from 1 to 65535/);
    expect(invalid).toMatch(/smtp\.alert_to: an e-mail address/);
    expect(invalid).not.toContain('pw');
    expect(refused(file('ok.yaml', values))).toMatch(
      /needs the secret "SMTP password".*--password-stdin or in CHOM_SMTP_PASSWORD/,
    );
    const carriage = refused(file('ok2.yaml', values), 'first line\rsecond-secret-line');
    // with live values (production's forms.smtp.live) the run reads them on the hosts: no --values needed
    // here, and a missing secret keeps the stored one; the run stops at the form if they cannot be read
    expect(formAnswers(smtp, undefined, { env: {} })).toEqual({ ok: true, values: {}, secrets: [] });
    const kept = formAnswers(smtp, file('ok3.yaml', values), { env: {} });
    expect(kept.ok && kept.values.smtp?.password).toBeUndefined();
    expect(kept.ok && kept.values.smtp?.host).toBeTruthy();
    expect(carriage).toMatch(/smtp\.password: a secret cannot contain carriage returns or NUL/);
    expect(carriage).not.toContain('second-secret-line');
  });

  it('strips exactly one trailing line break from stdin', () => {
    expect(stripOneNewline('pw\n')).toBe('pw');
    expect(stripOneNewline('pw\r\n')).toBe('pw');
    expect(stripOneNewline('pw\n\n')).toBe('pw\n');
    expect(stripOneNewline(' pw ')).toBe(' pw ');
  });
});

describe('run questions', () => {
  it('finds the five critical steps and the SMTP form of the deploy; completed steps are not asked again', () => {
    const all = runQuestions(production, production.phases);
    expect(all.critical.map((c) => c.step.id)).toEqual([
      'migrate',
      'switch',
      'store-smtp-settings',
      'configure-alertmanager',
      'configure-prometheus',
    ]);
    expect(all.forms.map((f) => f.formId)).toEqual(['smtp']);
    const resumed = runQuestions(production, production.phases, new Set(['migrate', 'switch']));
    expect(resumed.critical.map((c) => c.step.id)).toEqual([
      'store-smtp-settings',
      'configure-alertmanager',
      'configure-prometheus',
    ]);
    expect(criticalRefusal('deploy', resumed)).toMatch(
      /^ {2}- store-smtp-settings on landsraad \(phase3\): /m,
    );
  });
});

describe('settings.json', () => {
  const io = (home: string): CliIo => ({
    out: () => undefined,
    err: () => undefined,
    isTTY: false,
    env: { CHOM_CONSOLE_HOME: home },
    cwd: '/somewhere',
  });

  it('remembers only the last profile (paths made absolute), 0600, keeping nothing else', () => {
    const home = join(dir, 'home');
    rememberProfile('sandbox', io(home));
    expect(readSettings(io(home))).toEqual({ lastProfile: 'sandbox' });
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ lastProfile: 'x', password: 'leak' }));
    rememberProfile('custom/mine.yaml', io(home));
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({
      lastProfile: '/somewhere/custom/mine.yaml',
    });
    expect(statSync(join(home, 'settings.json')).mode & 0o777).toBe(0o600);
  });
});
