// Dot paths into YAML documents: `global.smtp_from`, `receivers[1].email_configs[0].to`.

/** Parses a dot path; `[n]` selects a sequence item. Throws naming the path when it is malformed. */
export function parseYamlPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const piece of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!match || (match[1] === '' && match[2] === '')) {
      throw new Error(
        `YAML path "${path}": cannot read "${piece}"; write keys separated by dots, items as [n]`,
      );
    }
    if (match[1] !== '') segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}
