// Many files of one commit in ONE git process (`git cat-file --batch`): the migrations the assessment
// classifies and the deploy tree it hashes, however many there are.
import { execFileSync } from 'node:child_process';

/** The files' bytes at `commit`, by path; a path git does not know is left out. */
export function readBlobs(dir: string, commit: string, paths: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (paths.length === 0) return out;
  const output = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], {
    input: paths.map((p) => `${commit}:${p}\n`).join(''),
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  let at = 0;
  for (const path of paths) {
    const eol = output.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = output.subarray(at, eol).toString('utf8');
    at = eol + 1;
    // `<sha> blob <size>`, or `<object> missing` for a path not in the commit
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[2]);
    if (m[1] === 'blob') out.set(path, output.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}
