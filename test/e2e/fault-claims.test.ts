// The fault matrix's claim checker on lines the CLI printed in the matrix's runs (the release ids and paths
// shortened): each claim is found, holds when the world agrees, and is reported when it does not.
import { describe, expect, it } from 'vitest';
import { claimsIn, claimVerdict, type ClaimContext, type Live } from './fault-claims.js';

const am = 'etc/observability/alertmanager/alertmanager.yml';
const pw = 'etc/observability/alertmanager/smtp_auth_password';
const prom = 'etc/observability/prometheus/prometheus.yml';
const before: Live = {
  current: '20260106_132320',
  hashes: { [am]: 'a0', [pw]: 'absent', [prom]: 'p0' },
  lockHeld: false,
};
const filesOf = (id: string): string[] =>
  ({ 'configure-alertmanager': [am, pw], 'configure-prometheus': [prom] })[id] ?? [];
const at = (step: string): ClaimContext => ({ before, step, filesOf });
const live = (change: Partial<Live> & { files?: Record<string, string> } = {}): Live => ({
  current: change.current ?? before.current,
  hashes: { ...before.hashes, ...change.files },
  lockHeld: change.lockHeld ?? false,
});
const fresh = '20261206_052838';

describe('claims about what is live', () => {
  it('today: an automatic app rollback reported while the new release is live is caught', () => {
    const printed = [
      'deploy failed after 1.7 s: a step failed; rollback of app FAILED: check the hosts. journal: j',
      'the app rollback was performed automatically (--yes)',
    ].join('\n');
    expect(claimVerdict(printed, at('switch'), live({ current: fresh })).verdict).toBe(
      `"the app rollback was performed automatically (--yes)": current is ${fresh}, not 20260106_132320`,
    );
    expect(claimVerdict(printed, at('switch'), live()).verdict).toBe('ok');
  });

  it('deploy ok names the live release; the lock lines the lock state', () => {
    const printed = [
      '[landsraad] lock released: /w/landsraad/var/www/chom/.chom-console.lock',
      `deploy ok in 16.6 s; landsraad on release ${fresh}. journal: /h/journal/r.jsonl`,
    ].join('\n');
    expect(claimsIn(printed, at('migrate'))).toHaveLength(2);
    expect(claimVerdict(printed, at('migrate'), live({ current: fresh })).verdict).toBe('ok');
    expect(claimVerdict(printed, at('migrate'), live({ current: fresh, lockHeld: true })).verdict).toMatch(
      /lock released.*: the lock is still held$/,
    );
    expect(claimVerdict(printed, at('migrate'), live()).verdict).toMatch(/current is 20260106_132320, not/);
  });

  it('the per-host account: confirmed, unknown (either release) and a rollback that FAILED', () => {
    const printed = [
      'the automatic rollback of app FAILED at step switch-back: it did not put the previous state back',
      'live now, as far as this run knows:',
      `  landsraad: unknown: the connection dropped after the rename was sent; live is either release ${fresh} or release 20260106_132320 (live before this run)`,
    ].join('\n');
    expect(claimsIn(printed, at('switch'))).toHaveLength(2);
    expect(claimVerdict(printed, at('switch'), live({ current: fresh })).verdict).toBe('ok');
    expect(claimVerdict(printed, at('switch'), live({ current: '20251231_120000' })).verdict).toMatch(
      /current is 20251231_120000, not/,
    );
    expect(claimVerdict(printed, at('switch'), live()).verdict).toMatch(/current is still 20260106_132320$/);
    const confirmed = `  landsraad: release ${fresh} is live (confirmed by readlink at T, after the switch)`;
    expect(claimVerdict(confirmed, at('switch'), live()).verdict).toMatch(/not 20261206_052838$/);
  });

  it("a mentat line that names no changed config claims mentat's configs are as before", () => {
    const quiet = '  mentat: not switched by this run';
    expect(claimVerdict(quiet, at('configure-alertmanager'), live()).verdict).toBe('ok');
    expect(
      claimVerdict(quiet, at('configure-alertmanager'), live({ files: { [am]: 'a1', [pw]: 'w1' } })).verdict,
    ).toBe(`"mentat: not switched by this run": changed since the run began: ${am}, ${pw}`);
    const named = '  mentat: not switched by this run; live configs changed by configure-alertmanager';
    const changed = live({ files: { [am]: 'a1', [pw]: 'w1' } });
    expect(claimVerdict(named, at('configure-prometheus'), changed).verdict).toBe('ok');
    expect(
      claimVerdict(named, at('configure-prometheus'), {
        ...changed,
        hashes: { ...changed.hashes, [prom]: 'p1' },
      }).verdict,
    ).toMatch(/changed since the run began: .*prometheus\.yml$/);
    expect(
      claimVerdict('  mentat: unknown: configure-prometheus was in flight', at('x'), changed).count,
    ).toBe(0);
  });

  it('files that "may be the new ones" are checked as either the old or the installed content', () => {
    const printed =
      '  mentat: not switched by this run; unknown: the connection dropped during configure-alertmanager, and the restore did not come back; smtp_auth_password and alertmanager.yml may be the new ones';
    const fresh = { ...before.hashes, [am]: 'a1', [pw]: 'w1', [prom]: 'p1' };
    const context = { ...at('configure-alertmanager'), fresh };
    expect(claimsIn(printed, context)).toHaveLength(2);
    expect(claimVerdict(printed, context, live()).verdict).toBe('ok');
    expect(claimVerdict(printed, context, live({ files: { [am]: 'a1', [pw]: 'w1' } })).verdict).toBe('ok');
    expect(claimVerdict(printed, context, live({ files: { [am]: 'a1' } })).verdict).toBe('ok');
    expect(claimVerdict(printed, context, live({ files: { [am]: 'a2' } })).verdict).toMatch(
      new RegExp(`neither the old nor the new content: ${am}$`),
    );
    // prometheus.yml is not named: it must be as before
    expect(claimVerdict(printed, context, live({ files: { [prom]: 'p1' } })).verdict).toMatch(
      /changed since the run began: .*prometheus\.yml$/,
    );
    const withChanged =
      '  mentat: not switched by this run; live configs changed by configure-alertmanager; unknown: the connection dropped during configure-prometheus, and the restore did not come back; prometheus.yml may be the new one';
    const both = { ...at('configure-prometheus'), fresh };
    expect(claimVerdict(withChanged, both, live({ files: { [am]: 'a1', [prom]: 'p1' } })).verdict).toBe('ok');
    expect(claimVerdict(withChanged, both, live({ files: { [prom]: 'p1' } })).verdict).toMatch(
      /none changed of .*alertmanager\.yml/,
    );
  });

  it('a config step that says it restored the previous files is checked against those files', () => {
    const printed =
      'deploy failed after 3 s: reload the service failed; the previous files were restored. journal: j';
    expect(claimVerdict(printed, at('configure-prometheus'), live({ files: { [am]: 'a1' } })).verdict).toBe(
      'ok',
    );
    expect(
      claimVerdict(printed, at('configure-prometheus'), live({ files: { [prom]: 'p1' } })).verdict,
    ).toMatch(/changed since the run began: .*prometheus\.yml$/);
  });
});
