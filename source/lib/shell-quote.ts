// POSIX shell quoting with single quotes: inside '…' nothing is special, so the only character to handle is
// the single quote itself, closed, escaped and reopened ('it'\''s'). Works for bash, sh and dash alike.

/** Quotes one value as a single shell word that the shell passes on byte-identical. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Quotes each value and joins them with spaces: a ready argument list. */
export function quoteAll(values: readonly string[]): string {
  return values.map(quote).join(' ');
}
