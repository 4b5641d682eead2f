// "Changes Not Yet Deployed", "Risks", "Blockers" and "Ready to Deploy" (pure).
import { commitWithName } from '../engine/plan/commit-names.js';
import type { Assessment, DeployTreeFile, Finding, RepositoryFacts } from '../engine/assess/assess-model.js';
import { code, commitCode, table } from './markdown-format.js';

const icon: Record<Finding['severity'], string> = {
  critical: '🛑',
  high: '❗',
  medium: '⚠️',
  low: 'ℹ️',
  info: 'ℹ️',
};

const findingLine = (f: Finding): string[] => [
  `- ${icon[f.severity]} **${f.severity.toUpperCase()}** ${f.title}${f.host ? ` (${f.host})` : ''}`,
  `  - ${f.detail}`,
  `  - **What to do:** ${f.action}`,
];

export function changesSection(a: Assessment): string[] {
  const repo = a.repository;
  const lines = ['## Changes Not Yet Deployed', ''];
  if (repo === null)
    return [
      ...lines,
      '_No repository given: run `chom-console assess --repo DIR` to list the commits, files and components not yet deployed._',
    ];
  const deployed = Object.values(a.hosts).find((h) => h.role === 'app');
  const commit = deployed?.role === 'app' ? deployed.facts.commit : null;
  lines.push(
    `Repository ${code(repo.dir)} at ${commitCode(repo.head.short, a.commit_names)} (${repo.branch ?? 'detached HEAD'}): "${repo.head.subject}".`,
    '',
  );
  if (!repo.deployed_commit_found)
    lines.push(
      `The deployed commit ${commitCode(commit, a.commit_names)} is not in this repository: history cannot be compared.`,
      '',
    );
  lines.push('### Commits Since Last Deployment', '');
  lines.push(
    ...(repo.commits_since_deployed.length === 0
      ? ['None: the deployed commit is HEAD.']
      : [
          '```',
          ...repo.commits_since_deployed.map(
            (c) => `${commitWithName(c.short, a.commit_names)} - ${c.subject}`,
          ),
          '```',
        ]),
  );
  lines.push('', `### Files Changed Since ${commitCode(commit, a.commit_names)}`, '');
  lines.push(
    ...(repo.files_changed.length === 0
      ? ['None.']
      : repo.files_changed.map((f) => `- \`${f.status}\` ${f.path}`)),
  );
  lines.push('', '### Missing Components', '');
  lines.push(
    ...(repo.missing_components.length === 0
      ? ['None: every component of the repository is live. ✅']
      : table(
          ['kind', 'name', 'in repository', 'live'],
          repo.missing_components.map((c) => [c.kind, c.name, c.path, c.detail]),
        )),
  );
  lines.push('', '### Deploy Tree Against the Deploy Hub', '', ...deployTreeLines(repo));
  return lines;
}

const hubWords: Record<DeployTreeFile['hub'], string> = {
  absent: 'absent ❌',
  different: 'different ❌',
  equal: 'equal ✅',
  unknown: 'unreadable ⚠️',
};

function deployTreeLines(repo: RepositoryFacts): string[] {
  const tree = repo.deploy_tree;
  if (tree === null) return ['Not compared: the deploy hub was not read.'];
  if (tree.length === 0)
    return [
      repo.deployed_commit_found
        ? 'No file under deploy/ changed since the deployed commit.'
        : 'The deployed commit is not in the repository, and HEAD has no file under deploy/ to compare.',
    ];
  const ranged = tree.some((f) => f.change !== '=');
  return [
    ranged
      ? 'Each file under deploy/ that changed since the deployed commit, against the hub (a copy of deploy/):'
      : 'The deployed commit is not in the repository: every file under deploy/ at HEAD, against the hub:',
    '',
    ...table(
      ['file', 'in the range', 'deploy hub'],
      tree.map((f) => [
        f.path,
        f.change,
        f.change.startsWith('D') && f.hub === 'different' ? 'still there ❌' : hubWords[f.hub],
      ]),
    ),
  ];
}

export function risksSection(a: Assessment): string[] {
  const lines = ['## Risks', ''];
  const groups: [string, Finding[]][] = [
    ['Security', a.findings.filter((f) => f.kind === 'security')],
    ['Operational Risks', a.findings.filter((f) => f.kind === 'risk' && !f.blocks)],
    ['Drift (deployed ≠ repository)', a.findings.filter((f) => f.kind === 'drift')],
  ];
  for (const [title, findings] of groups) {
    lines.push(`### ${title}`, '');
    const none =
      title.startsWith('Drift') && a.repository === null
        ? 'None seen in the live facts; no repository compared (`--repo DIR`), so drift from the repository is not known.'
        : 'None found. ✅';
    lines.push(...(findings.length === 0 ? [none] : findings.flatMap(findingLine)), '');
  }
  return lines;
}

/** What "Yes" means for each status. */
const readyNote: Record<Assessment['summary']['status'], string> = {
  'up-to-date': ' (nothing to deploy: the hosts run the repository)',
  'changes-not-deployed': ' (no blocker found; the changes above are not deployed yet)',
  'not-compared': ' (no blocker found; what a deploy would change is not known)',
  incomplete: '',
};

export function blockersSection(a: Assessment): string[] {
  const blockers = a.findings.filter((f) => f.blocks);
  return [
    '## Blockers',
    '',
    ...(blockers.length === 0 ? ['### None Identified ✅'] : blockers.flatMap(findingLine)),
    '',
    '## Ready to Deploy',
    '',
    a.summary.ready_to_deploy
      ? `**Yes ✅**${readyNote[a.summary.status]}`
      : `**No ❌**: ${a.summary.blockers.join('; ') || 'the assessment is incomplete'}`,
  ];
}
