// The report's top lines: status, one-sentence headline, ready to deploy, blockers (pure). The verdict is
// derived from the facts the report lists: without a repository it says what it cannot know, and a live
// commit absent from the repository is said as such.
import { commitWithName, type CommitNames } from '../plan/commit-names.js';
import type { AppFacts, Assessment, Finding, HostSection, RepositoryFacts } from './assess-model.js';
import { missingLive, unregisteredRoutes } from './findings/findings-live.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the live release visibly lacks, in words (no repository needed); empty when nothing. */
function liveLacks(app: AppFacts): string[] {
  const missing = missingLive(app).length;
  const routes = unregisteredRoutes(app);
  const codes = [...new Set(routes.map((r) => r.status))].join('/');
  return [
    ...(missing > 0 ? [`the live release lacks ${plural(missing, 'Phase 0 component')}`] : []),
    ...(routes.length > 0
      ? [`${plural(routes.length, 'Phase 0 API route')} answer${routes.length === 1 ? 's' : ''} ${codes}`]
      : []),
  ];
}

function repositoryVerdict(
  repository: RepositoryFacts,
  commit: string | null,
  drift: boolean,
  names: CommitNames,
): string {
  const missing = repository.missing_components.length;
  const head = commitWithName(repository.head.short, names);
  if (!repository.deployed_commit_found)
    return commit === null
      ? `the deployed commit is not known, so the repository (at ${head}) cannot be compared by history; ${missing === 0 ? 'no component of it is missing live' : `${plural(missing, 'component')} of it ${missing === 1 ? 'is' : 'are'} not live`}`
      : `${commitWithName(commit, names)} is not in the repository (at ${head}): the commits between them are not known; ${missing === 0 ? 'no component of HEAD is missing live' : `${plural(missing, 'component')} of HEAD ${missing === 1 ? 'is' : 'are'} not live`}`;
  const commits = repository.commits_since_deployed.length;
  if (commits > 0)
    return `the repository is at ${head}: ${plural(commits, 'commit')} and ${plural(missing, 'component')} NOT YET DEPLOYED`;
  return drift
    ? `the live commit is HEAD (${head}), yet what it holds is not all live (see Drift)`
    : `the repository is at ${head}: everything is deployed`;
}

export function assessmentSummary(
  hosts: Record<string, HostSection>,
  repository: RepositoryFacts | null,
  findings: Finding[],
  names: CommitNames = {},
): Assessment['summary'] {
  const sections = Object.values(hosts);
  const unreachable = sections.filter((h) => !h.reachable);
  // a live commit absent from the repository is no evidence of undeployed changes by itself
  const drift = findings.some(
    (f) => f.kind === 'drift' && (f.id !== 'drift.commit' || repository?.deployed_commit_found === true),
  );
  const blockers = findings.filter((f) => f.blocks).map((f) => f.title);
  const app = sections.find((h) => h.role === 'app');
  const facts = app?.role === 'app' && app.reachable ? app.facts : null;
  const live = facts
    ? `${app!.host} runs ${facts.commit ? commitWithName(facts.commit, names) : 'an unknown commit'} (release ${facts.current_release ?? 'unknown'})`
    : null;
  const lacks = facts ? liveLacks(facts) : [];
  const behind =
    repository !== null
      ? repositoryVerdict(repository, facts?.commit ?? null, drift, names)
      : lacks.length > 0
        ? `no repository compared (--repo DIR), yet ${lacks.join(' and ')}: changes are NOT YET DEPLOYED`
        : 'no repository compared (--repo DIR): whether the hosts run the latest commit is not known';
  const headline =
    unreachable.length > 0
      ? `Incomplete: ${unreachable.map((h) => h.host).join(', ')} could not be reached${live ? `; ${live}` : ''}.`
      : `${live ?? 'The app host was not assessed'}; ${behind}.`;
  const compared = repository !== null && repository.deployed_commit_found;
  return {
    status:
      unreachable.length > 0
        ? 'incomplete'
        : drift
          ? 'changes-not-deployed'
          : compared
            ? 'up-to-date'
            : 'not-compared',
    headline,
    ready_to_deploy: unreachable.length === 0 && blockers.length === 0,
    blockers,
  };
}
