// The deciding facts of a live plan and their fingerprint, over fakes of every PlanFacts field (the
// configs, .env keys and stored SMTP facts are filled elsewhere: whatever Known value arrives is rendered
// and fingerprinted): what enters, what does not (volatile facts, why a fact is unknown), what a refusal
// names, and that a secret inside a redacted diff never becomes a value.
import { describe, expect, it } from 'vitest';
import type { ConfigIdentity } from '../../source/engine/plan/config-identity.js';
import { decidingFacts, fingerprintOf, movedFacts } from '../../source/engine/plan/deciding-facts.js';
import type { Known, PlanFacts } from '../../source/engine/plan/plan-facts.js';

const secret = 'hunter2-$(x)';
const hosts = { release: 'landsraad', commit: 'landsraad', migrations: 'landsraad' };

const facts = (over: Partial<PlanFacts> = {}): PlanFacts => ({
  source: 'live',
  liveRelease: { known: true, value: '20260106_132320' },
  liveCommit: { known: true, value: '7f572d2' },
  targetCommit: { known: true, value: 'bb283db' },
  commits: { known: true, value: { live: '7f572d2', target: 'bb283db', commits: [], behind: 0 } },
  pendingMigrations: { known: true, value: ['2026_01_09_083804_create_system_settings_table'] },
  configs: {
    known: true,
    value: [
      {
        step: 'configure-alertmanager',
        host: 'mentat',
        identical: false,
        files: [
          {
            path: '/etc/observability/alertmanager/alertmanager.yml',
            secret: false,
            identical: false,
            diff: ['-  smtp_smarthost: old:25', '+  smtp_smarthost: relay:587'],
          },
          // a fake that leaks the secret into a diff line: the value carries only the diff's hash
          {
            path: '/etc/observability/alertmanager/smtp_auth_password',
            secret: true,
            identical: false,
            diff: [`+${secret}`],
          },
        ],
      },
      { step: 'configure-prometheus', host: 'mentat', identical: true, files: [] },
    ],
  },
  envKeys: { known: true, value: { missingLive: ['MAIL_FROM_NAME'], onlyLive: ['LEGACY_KEY'] } },
  smtpStored: { known: true, value: { identical: false, differing: ['host', 'password'] } },
  lastRun: null,
  ...over,
});

const identities: Known<ConfigIdentity[]> = {
  known: true,
  value: [
    {
      step: 'configure-alertmanager',
      host: 'mentat',
      path: '/etc/observability/alertmanager/alertmanager.yml',
      sha256: 'a'.repeat(64),
    },
    {
      step: 'install-exporters-rules',
      host: 'mentat',
      path: '/etc/observability/prometheus/rules/exporters.yml',
      sha256: null,
    },
  ],
};

describe('deciding facts', () => {
  it('renders every known fact, configs, .env keys and stored SMTP included, never a secret', () => {
    const deciding = decidingFacts(facts(), identities, hosts);
    const byName = Object.fromEntries(deciding.map((f) => [f.name, f.value]));
    expect(byName).toMatchObject({
      'live-release': '20260106_132320',
      'live-commit': '7f572d2',
      'target-commit': 'bb283db',
      'pending-migrations': '2026_01_09_083804_create_system_settings_table',
      'config-file:mentat:/etc/observability/alertmanager/alertmanager.yml': `sha256:${'a'.repeat(64)}`,
      'config-file:mentat:/etc/observability/prometheus/rules/exporters.yml': 'absent',
      'config:configure-prometheus': 'identical',
      'env-keys': 'missing live: MAIL_FROM_NAME; only live: LEGACY_KEY',
      'smtp-stored': 'differs: host password',
    });
    expect(byName['config:configure-alertmanager']).toMatch(
      /^differs: alertmanager\.yml≠[0-9a-f]{16} smtp_auth_password≠$/,
    );
    expect(JSON.stringify(deciding)).not.toContain(secret);
    expect(deciding.map((f) => f.name).join(' ')).not.toMatch(/commits|last|disk/);
  });

  it('the fingerprint moves with a deciding fact, not with a volatile one or why a fact is unknown', () => {
    const base = fingerprintOf(decidingFacts(facts(), identities, hosts));
    const same = (over: Partial<PlanFacts>) => fingerprintOf(decidingFacts(facts(over), identities, hosts));
    expect(
      same({ lastRun: { runId: 'r', result: 'ok', durationMs: 1, startedAt: 'now', operator: 'ann' } }),
    ).toBe(base);
    expect(same({ commits: { known: false, why: 'git is slow today' } })).toBe(base);
    expect(same({ smtpStored: { known: true, value: { identical: true, differing: [] } } })).not.toBe(base);
    expect(same({ envKeys: { known: true, value: { missingLive: [], onlyLive: ['LEGACY_KEY'] } } })).not.toBe(
      base,
    );
    expect(same({ pendingMigrations: { known: true, value: [] } })).not.toBe(base);
    const unknownA = fingerprintOf(
      decidingFacts(facts({ envKeys: { known: false, why: 'timeout' } }), identities, hosts),
    );
    const unknownB = fingerprintOf(
      decidingFacts(facts({ envKeys: { known: false, why: 'reset' } }), identities, hosts),
    );
    expect(unknownA).toBe(unknownB);
    expect(unknownA).not.toBe(base);
  });

  it('names what moved: the edited file on its host, the stored SMTP settings, a fact no longer read', () => {
    const planned = decidingFacts(facts(), identities, hosts);
    const edited: Known<ConfigIdentity[]> = {
      known: true,
      value: identities.value.map((i) => (i.sha256 === null ? i : { ...i, sha256: 'b'.repeat(64) })),
    };
    const now = decidingFacts(
      facts({ smtpStored: { known: true, value: { identical: true, differing: [] } } }),
      edited,
      hosts,
    );
    const moved = movedFacts(planned, now);
    expect(moved).toEqual([
      `alertmanager.yml on mentat changed since the plan (sha256:aaaaaaaaaaaa… → sha256:bbbbbbbbbbbb…)`,
      'the stored SMTP settings changed since the plan (differs: host password → identical)',
    ]);
    expect(movedFacts(planned, planned)).toEqual([]);
    const unread = decidingFacts(facts(), { known: false, why: 'mentat: exit 1' }, hosts);
    expect(movedFacts(planned, unread)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^alertmanager\.yml on mentat: no longer read/)]),
    );
  });
});
