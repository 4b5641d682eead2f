// `sandbox commit`: the next prepared commit (content/next-commits.ts) appended to main in the world's bare
// repository with `git fast-import` (fixed author and date, so the hash is the same on every machine for the
// same world), then the working checkout fast-forwarded to it, so `--commit HASH` resolves there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sandboxPaths } from '../lifecycle/paths.js';
import { apiRoutesPath, basicRulesPath, nextCommit, nextCommitCount } from './content/next-commits.js';
import { readFacts } from './world.js';

const author = 'Calounx <calounx@arewel.com>';

/** What `sandbox commit` did. */
export type NextCommitResult =
  | {
      kind: 'added';
      hash: string;
      message: string;
      /** Paths the commit added or changed. */
      files: string[];
      /** Commits after the seed's last one (bb283db), this one included. */
      position: number;
      /** The working checkout could not follow (it has local changes): why, else null. */
      checkoutBehind: string | null;
    }
  | { kind: 'exhausted'; count: number; tip: string };

/** git's stdout as written (`show` of a file keeps its last newline). */
const gitRaw = (args: string[], input?: Buffer): string =>
  execFileSync('git', args, {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
  });
const git = (args: string[], input?: Buffer): string => gitRaw(args, input).trim();

function fastImport(bare: string, parent: string, commit: ReturnType<typeof nextCommit>): string {
  const parts: Buffer[] = [];
  const text = (s: string): void => void parts.push(Buffer.from(s));
  const data = (s: string): void => {
    const bytes = Buffer.from(s);
    text(`data ${bytes.length}\n`);
    parts.push(bytes);
    text('\n');
  };
  const when = `${Math.floor(Date.parse(commit.date) / 1000)} +0000`;
  text(`commit refs/heads/main\nauthor ${author} ${when}\ncommitter ${author} ${when}\n`);
  data(`${commit.message}\n`);
  text(`from ${parent}\n`);
  for (const [path, content] of Object.entries(commit.files).sort(([a], [b]) => a.localeCompare(b))) {
    text(`M 100644 inline ${path}\n`);
    data(content);
  }
  text('\ndone\n');
  git(['--git-dir', bare, 'fast-import', '--quiet', '--done'], Buffer.concat(parts));
  return git(['--git-dir', bare, 'rev-parse', 'refs/heads/main']);
}

/** The checkout follows main when it can; a checkout with local changes is left as it is, and said so. */
function fastForward(work: string): string | null {
  if (!existsSync(work)) return `no checkout at ${work}`;
  try {
    git(['-C', work, 'pull', '--quiet', '--ff-only', 'origin', 'main']);
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    return stderr.trim().split('\n').slice(-2).join(' ');
  }
}

/** Adds the next prepared commit to the sandbox's repository (the world must be seeded). */
export function addNextCommit(home: string): NextCommitResult {
  const paths = sandboxPaths(home);
  const seedTip = readFacts(home).commits['bb283db'];
  if (seedTip === undefined) throw new Error(`the world's facts name no bb283db commit (${paths.facts})`);
  const tip = git(['--git-dir', paths.bareRepo, 'rev-parse', 'refs/heads/main']);
  const count = Number(git(['--git-dir', paths.bareRepo, 'rev-list', '--count', `${seedTip}..${tip}`]));
  if (count >= nextCommitCount) return { kind: 'exhausted', count, tip };
  const show = (path: string) => gitRaw(['--git-dir', paths.bareRepo, 'show', `${tip}:${path}`]);
  const commit = nextCommit(count, { apiRoutes: show(apiRoutesPath), basicRules: show(basicRulesPath) });
  const hash = fastImport(paths.bareRepo, tip, commit);
  return {
    kind: 'added',
    hash,
    message: commit.message,
    files: Object.keys(commit.files).sort(),
    position: count + 1,
    checkoutBehind: fastForward(paths.repo),
  };
}
