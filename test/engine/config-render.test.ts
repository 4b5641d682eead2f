import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderConfig, type RenderSpec } from '../../source/engine/actions/config-render.js';
import { chomConfig } from '../helpers/fixtures.js';

const fixture = chomConfig('bb283db', 'alertmanager.yml');
const template = readFileSync(fixture, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'config-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hostile = `p'a"s$(touch /tmp/pwned)&|;` + '\n' + 'ß';

const ordinary = (password: string, inline: boolean): RenderSpec => ({
  set: {
    'global.smtp_from': 'alerts@example.org',
    'global.smtp_smarthost': 'smtp.example.org:587',
    'global.smtp_auth_username': 'alerts',
    'global.smtp_require_tls': { value: 'true', type: 'bool' },
    'receivers[1].email_configs[0].to': 'ops@example.org',
    'receivers[2].email_configs[0].to': 'ops@example.org',
    ...(inline ? { 'global.smtp_auth_password': password } : {}),
  },
  unset: inline ? [] : ['global.smtp_auth_password'],
  references: inline ? {} : { 'global.smtp_auth_password_file': join(dir, 'smtp_password') },
});

function amtool(text: string, name: string): { status: number | null; output: string } {
  const file = join(dir, name);
  writeFileSync(file, text);
  const result = spawnSync('/usr/bin/amtool', ['check-config', file], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('renderConfig on the real bb283db alertmanager.yml', () => {
  it('fails amtool as committed (the fixture is the real placeholder template)', () => {
    expect(amtool(template, 'raw.yml').status).not.toBe(0);
  });

  it('renders with ordinary values and a password file: passes amtool, keeps comments and Go templates', () => {
    writeFileSync(join(dir, 'smtp_password'), 'secret-one', { mode: 0o640 });
    const rendered = renderConfig(template, ordinary('secret-one', false));
    const check = amtool(rendered, 'file.yml');
    expect(check.output).toContain('SUCCESS');
    expect(check.status).toBe(0);
    expect(rendered).toContain('# SMTP configuration - populated from system_settings table');
    expect(rendered).toContain('# Inhibit any alert if instance is down');
    expect(rendered).toContain(
      "Subject: '[CRITICAL] {{ .GroupLabels.alertname }} on {{ .GroupLabels.instance }}'",
    );
    expect(rendered).toContain(
      '<p><strong>Started:</strong> {{ .StartsAt.Format "2006-01-02 15:04:05" }}</p>',
    );
    expect(rendered).toContain('smtp_require_tls: true\n');
    expect(rendered).not.toContain('secret-one');
    expect(rendered).not.toContain('smtp_auth_password:');
    expect(rendered).not.toContain('__SMTP_');
    expect(parse(rendered).global.smtp_auth_password_file).toBe(join(dir, 'smtp_password'));
  });

  it('keeps a hostile value valid YAML with the exact value', () => {
    const spec = ordinary(hostile, true);
    spec.set!['global.smtp_auth_username'] = `a'b: c # d\n- e`;
    const rendered = renderConfig(template, spec);
    const parsed = parse(rendered);
    expect(parsed.global.smtp_auth_password).toBe(hostile);
    expect(parsed.global.smtp_auth_username).toBe(`a'b: c # d\n- e`);
    expect(amtool(rendered, 'hostile.yml').status).toBe(0);
  });

  it('relocates substrings in string values only, and refuses malformed paths and types', () => {
    const prom = readFileSync(chomConfig('bb283db', 'prometheus.yml'), 'utf8');
    const rendered = renderConfig(prom, {
      relocate: { '/etc/observability': '/w/mentat/etc/observability' },
    });
    expect(parse(rendered).rule_files[0]).toBe('/w/mentat/etc/observability/prometheus/rules/*.yml');
    expect(rendered).not.toMatch(/[^t]\/etc\/observability/);
    expect(() => renderConfig(template, { set: { 'a..b': 'x' } })).toThrow(/YAML path "a..b"/);
    expect(() => renderConfig(template, { set: { 'global.x': { value: 'abc', type: 'int' } } })).toThrow(
      /not an integer/,
    );
    expect(
      parse(renderConfig(template, { set: { 'route.group_wait': { value: '42', type: 'int' } } })).route
        .group_wait,
    ).toBe(42);
  });
});

void execFileSync;
