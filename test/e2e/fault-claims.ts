// What the CLI claims is live, checked against what is: the fault matrix reads every line a deploy printed
// for claims about the live release, the live configs and the deploy lock (today's wording and the per-host
// account of engine/run/recovery.ts, "live now, as far as this run knows:"), and checks each against `readlink
// current`, the live config hashes and the lock directory as they are when the CLI has ended.

/** What is live at one moment: the release `current` names, each live config file's hash, the lock. */
export type Live = { current: string; hashes: Record<string, string>; lockHeld: boolean };

/** One claim, read from a line the CLI printed: `holds` says what is wrong with it, or undefined. */
export type Claim = { line: string; holds: (now: Live) => string | undefined };

/** Where the claims are read: the state before the run, and the live files each config step installs. */
export type ClaimContext = {
  before: Live;
  /** The step the fault hit: a "restored" or "nothing changed" message speaks of its files. */
  step: string;
  filesOf: (stepId: string) => readonly string[];
  /**
   * Each live file's hash as the deploy installs it (the state after a resume that ended ok): a file that
   * "may be the new one" must be the old content or this one.
   */
  fresh?: Record<string, string>;
};

/**
 * Every claim about what is live in `printed`. A mentat line of the per-host account that names no changed
 * config claims mentat's configs are as before the run (rule files aside: install steps without a confirmation
 * change them and the account names them by step). A part `unknown: <why>; F1 and F2 may be the new ones`
 * claims each of those files is either as before or as the deploy installs it; an "unknown" without such a
 * part claims nothing about mentat's configs.
 */
export function claimsIn(printed: string, context: ClaimContext): Claim[] {
  const { before, step, filesOf, fresh } = context;
  const found: Claim[] = [];
  const claim = (line: string, holds: Claim['holds']) => found.push({ line, holds });
  const release = (want: string[]) => (now: Live) =>
    want.includes(now.current) ? undefined : `current is ${now.current}, not ${want.join(' or ')}`;
  const notRelease = (was: string) => (now: Live) =>
    now.current !== was ? undefined : `current is still ${was}`;
  const files = (which: readonly string[], same: boolean) => (now: Live) => {
    const changed = which.filter((f) => now.hashes[f] !== before.hashes[f]);
    if (same) return changed.length === 0 ? undefined : `changed since the run began: ${changed.join(', ')}`;
    return changed.length > 0 ? undefined : `none changed of ${which.join(', ')}`;
  };
  const all = Object.keys(before.hashes);
  const configs = all.filter((f) => !/\/rules\//.test(f));
  const scopeBack = (scope: string) => (now: Live) => {
    const app = release([before.current])(now);
    const obs = files(all, true)(now);
    return scope === 'app' ? app : scope === 'observability' ? obs : (app ?? obs);
  };
  for (const line of printed.split('\n')) {
    const ok = /^deploy ok in [^;]*; (.+?)\. journal:/.exec(line);
    for (const part of ok ? ok[1]!.split(', ') : []) {
      const on = /^landsraad on release (\S+)$/.exec(part);
      if (on) claim(line, release([on[1]!]));
    }
    const performed = /the (app|observability|all) rollback was performed automatically/.exec(line);
    if (performed) claim(line, scopeBack(performed[1]!));
    const finished = /the automatic rollback of (app|observability|all) finished ok/.exec(line);
    if (finished) claim(line, scopeBack(finished[1]!));
    if (/the automatic rollback of app FAILED.*did not put the previous state back/.test(line))
      claim(line, notRelease(before.current));
    if (/deploy lock \S+ on landsraad is still held/.test(line))
      claim(line, (now) => (now.lockHeld ? undefined : 'the lock is not held'));
    if (/the deploy lock was released|\[landsraad\] lock released:/.test(line))
      claim(line, (now) => (now.lockHeld ? 'the lock is still held' : undefined));
    if (/the previous files were restored|nothing live was changed/.test(line))
      claim(line, files(filesOf(step).length > 0 ? filesOf(step) : all, true));
    const host = /^\s+(landsraad|mentat): (.*)$/.exec(line);
    if (!host) continue;
    const name = host[1]!;
    const text = host[2]!;
    const confirmed = /^release (\S+) is live \(confirmed/.exec(text);
    if (confirmed) claim(line, release([confirmed[1]!]));
    const unchanged = /^not switched by this run \(release (\S+) was live when it started\)/.exec(text);
    if (unchanged && name === 'landsraad') claim(line, release([unchanged[1]!]));
    const unknown = /^unknown: .*; live is either release (\S+) or release (\S+)/.exec(text);
    if (unknown) claim(line, release([unknown[1]!, unknown[2]!]));
    const maybeNames = [...text.matchAll(/; ([^;]+?) may be the new ones?(?=;|$)/g)].flatMap((m) =>
      m[1]!.split(/, | and /),
    );
    if (name === 'mentat' && (!/unknown/.test(text) || maybeNames.length > 0)) {
      const changedBy = /live configs changed by ([^;]+)/.exec(text);
      const named = changedBy ? changedBy[1]!.split(', ').flatMap((id) => filesOf(id)) : [];
      const maybe = all.filter((f) => maybeNames.includes(f.slice(f.lastIndexOf('/') + 1)));
      if (named.length > 0) claim(line, files(named, false));
      if (maybe.length > 0)
        claim(line, (now) => {
          if (fresh === undefined) return 'no installed content to compare "may be the new" files with';
          const neither = maybe.filter((f) => ![before.hashes[f], fresh[f]].includes(now.hashes[f]));
          return neither.length === 0
            ? undefined
            : `neither the old nor the new content: ${neither.join(', ')}`;
        });
      claim(
        line,
        files(
          configs.filter((f) => !named.includes(f) && !maybe.includes(f)),
          true,
        ),
      );
    }
  }
  return found;
}

/** 'ok' or each claim that did not hold with why; `count`: how many claims were checked. */
export function claimVerdict(
  printed: string,
  context: ClaimContext,
  now: Live,
): { verdict: string; count: number } {
  const found = claimsIn(printed, context);
  const wrong = found
    .map((c) => [c.line.trim(), c.holds(now)] as const)
    .filter(([, why]) => why !== undefined)
    .map(([line, why]) => `"${line}": ${why}`);
  return { verdict: wrong.length === 0 ? 'ok' : wrong.join('; '), count: found.length };
}
