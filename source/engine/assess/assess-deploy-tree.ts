// The deploy tree against the deploy hub: every file under the repository's deploy/ that changed between the
// live commit and HEAD, compared with the hub's copy (the hub is a copy of deploy/, not a checkout). The
// hub's files are hashed by ONE probe on the deploy-hub host, added when the repository is known.
import type { Probe, Profile } from '../../profile/schema.js';
import type { DeployTreeFile } from './assess-model.js';
import type { History, RepoSnapshot } from './repo/repo-git.js';

/** Fact holding the probe's lines: `file PATH` per regular file, then sha256sum's `HASH  PATH`. */
export const deployTreeFact = 'deploy_hub_tree';

/** The host holding the deploy hub (role `deploy-hub`), when the profile names one and its `deploy_hub` var. */
export function deployHubHost(profile: Profile): string | null {
  if (profile.vars.deploy_hub === undefined) return null;
  return Object.entries(profile.hosts).find(([, host]) => host.roles.includes('deploy-hub'))?.[0] ?? null;
}

export function deployTreeProbe(host: string): Probe {
  return {
    id: 'deploy-hub-tree',
    title: 'Every file of the deploy hub (sha256), to compare with the repository',
    host,
    run: {
      command: [
        'cd {{deploy_hub}} 2>/dev/null || { echo "hub=absent"; exit 0; }',
        // bash lists the tree (no find); one sha256sum hashes it all; an unreadable file keeps its `file` line
        'shopt -s globstar nullglob dotglob',
        'files=()',
        'for f in **; do [[ -f $f && ! -L $f && $f != .git/* ]] && files+=("$f"); done',
        '[ ${#files[@]} -gt 0 ] || exit 0',
        `printf 'file %s\\n' "\${files[@]}"`,
        'sha256sum -- "${files[@]}" 2>/dev/null',
        'exit 0',
      ].join('\n'),
      expect_exit: [0],
    },
    parse: { kind: 'lines', fact: deployTreeFact },
  };
}

/** The hub's files (path relative to the hub → sha256, null when unreadable); null when the hub is absent. */
export function hubFiles(lines: readonly string[]): Map<string, string | null> | null {
  if (lines.some((l) => l.trim() === 'hub=absent')) return null;
  const out = new Map<string, string | null>();
  for (const line of lines) {
    if (line.startsWith('file ')) {
      const path = line.slice(5);
      if (!out.has(path)) out.set(path, null);
      continue;
    }
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** One file's state on the hub. */
function hubState(
  change: string,
  repoHash: string | undefined,
  hub: Map<string, string | null> | null,
  path: string,
): DeployTreeFile['hub'] {
  const rel = path.replace(/^deploy\//, '');
  const present = hub?.has(rel) ?? false;
  // deleted in the range: the hub agrees when it no longer has the file either
  if (change.startsWith('D')) return present ? 'different' : 'equal';
  if (!present) return 'absent';
  const sha = hub!.get(rel);
  if (sha === null || sha === undefined || repoHash === undefined) return 'unknown';
  return sha === repoHash ? 'equal' : 'different';
}

/**
 * The deploy/ files changed in the range (or, without a range, every deploy/ file at HEAD, marked `=`),
 * each against the hub. Null when the hub was not read.
 */
export function deployTree(
  snapshot: RepoSnapshot,
  history: History | null,
  lines: readonly string[] | null,
): DeployTreeFile[] | null {
  if (lines === null || snapshot.deployTree === undefined) return null;
  const hub = hubFiles(lines);
  const tree = snapshot.deployTree;
  const changed =
    history === null
      ? Object.keys(tree).map((path) => ({ status: '=', path }))
      : history.files.filter((f) => f.path.startsWith('deploy/'));
  return changed
    .map((f) => ({ path: f.path, change: f.status, hub: hubState(f.status, tree[f.path], hub, f.path) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Hub paths the profile's runbook uploads (`{{deploy_hub}}/…`): what phase 1 stages. */
export function stagedHubPaths(profile: Profile): string[] {
  return profile.phases
    .flatMap((phase) => phase.steps)
    .flatMap((step) => (step.upload ? [step.upload.to] : []))
    .filter((to) => to.startsWith('{{deploy_hub}}/'))
    .map((to) => `deploy/${to.slice('{{deploy_hub}}/'.length)}`);
}
