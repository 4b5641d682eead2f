// The deploy tree's finding: deploy/ files of the range the hub does not hold as the repository does.
import type { DeployTreeFile, Finding } from '../assess-model.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const said: Record<DeployTreeFile['hub'], string> = {
  absent: 'absent from the hub',
  different: 'the hub has another version',
  equal: 'equal',
  unknown: 'unreadable on the hub',
};

export function deployTreeFinding(
  host: string,
  tree: readonly DeployTreeFile[],
  live: string | null,
  staged: readonly string[],
): Finding | null {
  const off = tree.filter((f) => f.hub !== 'equal');
  if (off.length === 0) return null;
  const ranged = tree.some((f) => f.change !== '=');
  const what = (f: DeployTreeFile): string =>
    f.change.startsWith('D')
      ? `${f.path} (deleted in the repository, still on the hub)`
      : `${f.path} (${said[f.hub]})`;
  const rel = (files: DeployTreeFile[]): string =>
    files.map((f) => f.path.replace(/^deploy\//, '')).join(', ');
  const deleted = off.filter((f) => f.change.startsWith('D'));
  const byPhase1 = off.filter((f) => staged.includes(f.path) && !deleted.includes(f));
  const others = off.filter((f) => !byPhase1.includes(f) && !deleted.includes(f));
  const them = (files: DeployTreeFile[]): string => (files.length === 1 ? 'it' : 'them');
  return {
    id: 'drift.deploy-tree',
    kind: 'drift',
    severity: 'medium',
    host,
    title: ranged
      ? `The deploy hub on ${host} differs from the repository in ${off.length} of the ${plural(tree.length, 'deploy/ file')} changed since ${live ?? 'the live commit'}`
      : `The deploy hub on ${host} differs from the repository in ${off.length} of its ${plural(tree.length, 'deploy/ file')}`,
    detail: `${off.map(what).join('; ')}.${ranged ? '' : ' The live commit is not in the repository, so every deploy/ file of HEAD was compared.'}`,
    action: [
      byPhase1.length > 0
        ? `Phase 1 of \`chom-console deploy\` stages ${rel(byPhase1)} (verified by hash).`
        : '',
      others.length > 0
        ? `The runbook does not stage ${rel(others)}: copy ${them(others)} from the checkout's deploy/ to the hub if anything on ${host} uses ${them(others)}.`
        : '',
      deleted.length > 0
        ? `${rel(deleted)} ${deleted.length === 1 ? 'is' : 'are'} gone from the repository: remove ${them(deleted)} from the hub once nothing there uses ${them(deleted)}.`
        : '',
    ]
      .filter((part) => part !== '')
      .join(' '),
    blocks: false,
  };
}
