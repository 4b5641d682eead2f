// Read-only by construction: every probe of the runbook passes the guard; anything that writes, restarts,
// migrates or posts is refused, and a refused probe set sends NOTHING to any host.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardProbeScript, withoutSingleQuoted } from '../../source/engine/assess/assess-guard.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { createRunner } from '../../source/engine/run/runner.js';
import { runText } from '../../source/engine/run/run-text.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { profileSchema } from '../../source/profile/schema.js';
import { FakeTransport } from '../helpers/fake-transport.js';

describe('assess guard', () => {
  it('passes every probe of the production runbook', () => {
    const loaded = loadProfile('production', { profilesDir: resolve('profiles') });
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
    expect(loaded.profile.assess.length).toBeGreaterThan(20);
    for (const probe of loaded.profile.assess) {
      // the probe's command, or its script after its env, as the guard sees it (libraries inlined)
      const script = probe.run ? runText(probe.run, (template) => template) : '';
      expect(guardProbeScript(script), probe.id).toEqual([]);
    }
  });

  it.each([
    ['rm -rf /var/www/chom/releases/old', 'changes files'],
    ['ln -sfn releases/x current', 'changes files'],
    ["sed -i 's/a/b/' /etc/observability/alertmanager/alertmanager.yml", 'edits a file in place'],
    ['sudo -n systemctl restart php8.2-fpm', 'changes a service'],
    ['cd /var/www/chom/current && php artisan migrate --force', 'artisan'],
    ['php artisan tinker', 'artisan'],
    ["psql -c 'DELETE FROM system_settings'", 'changes the database'],
    ['curl -s -X POST http://localhost:9090/prometheus/-/reload', 'curl'],
    ['curl -s -o /tmp/x http://localhost/', 'curl'],
    ['echo hi > /etc/motd', 'redirection'],
    ['echo hi >> "$HOME/log"', 'redirection'],
    ['pkill -f prometheus', 'stops processes'],
    ["find /var/www -name '*.log' -delete", 'find'],
    ['git -C /opt/chom-deploy pull', 'git'],
  ])('refuses %s', (script, reason) => {
    const hits = guardProbeScript(script);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.reason).toContain(reason);
  });

  it('ignores > inside quoted awk programs and allows the 0600 mktemp password file', () => {
    expect(guardProbeScript(`awk '$1 > 0 { print ">" }' file 2>/dev/null >&2`)).toEqual([]);
    expect(guardProbeScript('f=$(mktemp) || exit 1\nchmod 600 "$f"\nprintf x > "$f"\nrm -f -- "$f"')).toEqual(
      [],
    );
    expect(withoutSingleQuoted(`a 'x\n>y' "it's" b`)).toBe(`a '\n' "it's" b`);
  });

  it('refuses the whole probe set before sending anything to any host', async () => {
    const profile = profileSchema.parse({
      name: 'guarded',
      hosts: { app: { embedded: true, roles: ['app'] }, obs: { embedded: true, roles: ['observability'] } },
      phases: [
        { id: 'p', title: 'P', steps: [{ id: 's', title: 'S', host: 'app', run: { command: 'true' } }] },
      ],
      assess: [
        {
          id: 'fine',
          title: 'fine',
          host: 'obs',
          run: { command: 'cat /etc/hostname' },
          parse: { kind: 'text', fact: 'name' },
        },
        {
          id: 'sneaky',
          title: 'sneaky',
          host: 'app',
          run: { command: 'readlink current && rm -f current' },
          parse: { kind: 'text', fact: 'x' },
        },
      ],
    });
    const transports = new Map([
      ['app', new FakeTransport('app')],
      ['obs', new FakeTransport('obs')],
    ]);
    const runner = createRunner({
      profile,
      plan: { mode: 'assess', probes: profile.assess },
      transports,
      gates: headlessGates({ yes: false, operator: 't' }),
      operator: 't',
    });
    const summary = await runner.run();
    expect(summary.probes.every((p) => !p.ok && p.detail.startsWith('refused before sending anything'))).toBe(
      true,
    );
    expect(summary.probes[0]!.detail).toContain('sneaky');
    expect([...transports.values()].flatMap((t) => t.commands)).toEqual([]);
  });

  it('sends one command per host and parses every probe from it', async () => {
    const profile = profileSchema.parse({
      name: 'batched',
      hosts: { app: { embedded: true, roles: ['app'] } },
      phases: [
        { id: 'p', title: 'P', steps: [{ id: 's', title: 'S', host: 'app', run: { command: 'true' } }] },
      ],
      assess: [
        {
          id: 'a',
          title: 'a',
          host: 'app',
          run: { command: 'echo one' },
          parse: { kind: 'text', fact: 'first' },
        },
        {
          id: 'b',
          title: 'b',
          host: 'app',
          run: { command: 'echo two' },
          parse: { kind: 'text', fact: 'second' },
        },
      ],
    });
    const { LocalBashTransport } = await import('../helpers/fake-transport.js');
    const app = new LocalBashTransport('app', process.cwd());
    const summary = await createRunner({
      profile,
      plan: { mode: 'assess', probes: profile.assess },
      transports: new Map([['app', app]]),
      gates: headlessGates({ yes: false, operator: 't' }),
      operator: 't',
    }).run();
    expect(app.commands).toHaveLength(1);
    expect(summary.probes.map((p) => p.facts)).toEqual([{ first: 'one' }, { second: 'two' }]);
  });
});
