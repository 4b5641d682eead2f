// The report's top lines: status, one-sentence headline, ready to deploy, blockers (pure).
import { commitWithName, type CommitNames } from './commit-names.js';
import type { Assessment, Finding, HostSection, RepositoryFacts } from './assess-model.js';

export function assessmentSummary(
  hosts: Record<string, HostSection>,
  repository: RepositoryFacts | null,
  findings: Finding[],
  names: CommitNames = {},
): Assessment['summary'] {
  const sections = Object.values(hosts);
  const unreachable = sections.filter((h) => !h.reachable);
  const drift = findings.some((f) => f.kind === 'drift');
  const blockers = findings.filter((f) => f.blocks).map((f) => f.title);
  const app = sections.find((h) => h.role === 'app');
  const live =
    app?.role === 'app' && app.reachable
      ? `${app.host} runs ${app.facts.commit ? commitWithName(app.facts.commit, names) : 'an unknown commit'} (release ${app.facts.current_release ?? 'unknown'})`
      : null;
  const behind =
    repository === null
      ? 'no repository given (--repo DIR) to compare with'
      : repository.commits_since_deployed.length > 0 || drift
        ? `the repository is at ${commitWithName(repository.head.short, names)}: ${repository.commits_since_deployed.length} commit(s) and ${repository.missing_components.length} component(s) NOT YET DEPLOYED`
        : `the repository is at ${commitWithName(repository.head.short, names)}: everything is deployed`;
  const headline =
    unreachable.length > 0
      ? `Incomplete: ${unreachable.map((h) => h.host).join(', ')} could not be reached${live ? `; ${live}` : ''}.`
      : `${live ?? 'The app host was not assessed'}; ${behind}.`;
  return {
    status: unreachable.length > 0 ? 'incomplete' : drift ? 'changes-not-deployed' : 'up-to-date',
    headline,
    ready_to_deploy: unreachable.length === 0 && blockers.length === 0,
    blockers,
  };
}
