// `deploy --commit REF`: the ref resolved to a full hash in the operator's local checkout, before connecting.
// git runs without a shell (argv only), and `--end-of-options` keeps a ref that looks like an option a ref.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A full commit hash, or why REF names none (the message says where it looked and what to do). */
export type CommitResolution = { ok: true; hash: string } | { ok: false; message: string };

/** REF as a message shows it: quoted when it holds anything but the characters of a ref. */
const shown = (ref: string): string => (/^[\w./@^~{}:-]+$/.test(ref) ? ref : JSON.stringify(ref));

/** Resolves REF with `git rev-parse --verify REF^{commit}` in `checkout`. */
export function resolveCommit(checkout: string, ref: string): CommitResolution {
  if (ref.trim() === '') return { ok: false, message: '--commit needs a ref (a hash, tag or branch)' };
  if (!existsSync(checkout))
    return {
      ok: false,
      message: `--commit ${shown(ref)}: the local checkout ${checkout} does not exist (set the profile's repo var, or --var repo=DIR)`,
    };
  try {
    const out = execFileSync(
      'git',
      ['-C', checkout, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
      },
    );
    const hash = out.trim();
    if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(hash)) return { ok: true, hash };
    return {
      ok: false,
      message: `--commit ${shown(ref)}: git answered "${hash}" in ${checkout}, not a commit hash`,
    };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const why = stderr === '' ? 'no commit by that name' : stderr.split('\n').slice(-1)[0];
    return {
      ok: false,
      message: `--commit ${shown(ref)}: ${why} in the local checkout ${checkout} (check the name with \`git -C ${checkout} log --oneline\`, or fetch first)`,
    };
  }
}
