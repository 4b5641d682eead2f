// The names an operator knows commits by. The sandbox's repository is generated, so its hashes differ from
// the ones the seed's report, the README and the runbook's texts use (7f572d2, bb283db): the sandbox maps each
// generated hash to the seed's name, and wherever a name exists a commit is shown with it,
// `22f330d (7f572d2 in the report)`. Production has no map: a commit is shown as its hash alone.

/** Generated full hash → the seed report's name of that commit (empty outside the sandbox). */
export type CommitNames = Readonly<Record<string, string>>;

/** The seed's name of a commit given in full or abbreviated (at least 7 hex digits), if it has one. */
export function seedName(hash: string, names: CommitNames): string | undefined {
  const wanted = hash.trim().toLowerCase();
  if (!/^[0-9a-f]{7,64}$/.test(wanted)) return undefined;
  for (const [full, name] of Object.entries(names)) if (full.startsWith(wanted)) return name;
  return undefined;
}

/** `22f330d (7f572d2 in the report)` where the seed names the commit, else the hash as given. */
export function commitWithName(hash: string, names: CommitNames): string {
  const name = seedName(hash, names);
  return name === undefined || name === hash.slice(0, name.length) ? hash : `${hash} (${name} in the report)`;
}
