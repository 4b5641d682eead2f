// What the home screen and the pickers read from the hosts, read-only: the live release, the lock and the
// SMTP state; the releases and the observability snapshots; the deploy's pre-flight plan; an SMTP test
// against the relay the operator typed.
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { AppServices } from '../ui/app-services.js';
import type { HostReads } from './host-reads.js';
import type { Redactor } from '../engine/run/redaction.js';
import { buildAppFacts, buildSmtpState } from '../commands/home-facts.js';
import { buildReleaseListing, buildSnapshotListing } from '../commands/release-listing.js';
import { buildSmtpProbe, smtpProbeValues } from '../commands/smtp-probe.js';
import { parseSmtpProbe } from './smtp-verdict.js';
import { appFactValues, homeFactsOf, keyValues } from './home-answers.js';
import { parseReleases, parseSnapshots } from './rollback-candidates.js';
import { livePlan } from './live-plan.js';

type HomeServices = Pick<AppServices, 'homeFacts' | 'deployPlan' | 'releases' | 'snapshots' | 'testSmtp'>;

/** The deploy lock's path and staleness from the runbook's first `lock` step. */
function lockSettings(profile: LoadedProfile): { path: string; staleAfter: number } | undefined {
  for (const step of profile.phases.flatMap((phase) => phase.steps)) {
    const action = profile.stepAction(step);
    if (action.kind === 'lock') return { path: action.lock.path, staleAfter: action.lock.stale_after };
  }
  return undefined;
}

export function homeServices(
  profile: LoadedProfile,
  stateDir: string,
  reads: HostReads,
  redactor: Redactor,
  /** Told the snapshots each listing found (a rollback from the picker may only name one of them). */
  listed: (names: ReadonlySet<string>) => void,
): HomeServices {
  const { read, run, variable, appHost, obsHost, commitNames } = reads;
  return {
    homeFacts: async () => {
      const lock = lockSettings(profile);
      const scope = await reads.scope();
      const [app, obs] = await Promise.all([
        run(buildAppFacts(appHost, await variable('app_base'), lock && scope.render(lock.path, 'plain'))),
        run(
          buildSmtpState(obsHost, `${await variable('obs_etc')}/alertmanager/alertmanager.yml`),
          'root',
        ).catch(() => 'smtp=unknown'),
      ]);
      return homeFactsOf(appFactValues(app), keyValues(obs), lock?.staleAfter ?? 120, await commitNames());
    },
    deployPlan: async (from, only) =>
      livePlan(
        {
          profile,
          stateDir,
          scope: await reads.scope(),
          read,
          exec: reads.exec,
          commitNames: await commitNames(),
        },
        from,
        only,
      ),
    releases: async () =>
      parseReleases(
        await run(buildReleaseListing(appHost, await variable('app_base'))),
        Date.now(),
        await commitNames(),
      ),
    snapshots: async () => {
      const listing = await run(buildSnapshotListing(obsHost, await variable('obs_snapshots')), 'root');
      const snapshots = parseSnapshots(listing);
      listed(new Set(snapshots.map((snapshot) => snapshot.name)));
      return snapshots;
    },
    testSmtp: async (values) => {
      const probe = smtpProbeValues(values);
      redactor.add(probe.password);
      const output = await run(buildSmtpProbe(obsHost, probe)).catch(
        (error: Error) => `connect=${error.message}`,
      );
      return parseSmtpProbe(output, probe);
    },
  };
}
