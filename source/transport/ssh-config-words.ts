// The words of an ssh config value, split as OpenSSH's argv_split does for config lines: spaces and tabs
// separate, single or double quotes group (and are removed), a backslash escapes a quote, a backslash or
// (outside quotes) a space, and a word that starts with `#` ends the line (a comment).

/** The words; undefined when a quote is left open (ssh refuses such a line). */
export function splitWords(text: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i += 1;
      continue;
    }
    if (ch === '#') break;
    let word = '';
    let quote = '';
    for (; i < text.length; i += 1) {
      const c = text[i]!;
      const next = text[i + 1];
      if (c === '\\' && (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' '))) {
        word += next;
        i += 1;
      } else if (quote === '' && (c === ' ' || c === '\t' || c === '\r')) break;
      else if (quote === '' && (c === '"' || c === "'")) quote = c;
      else if (quote !== '' && c === quote) quote = '';
      else word += c;
    }
    if (quote !== '') return undefined;
    words.push(word);
  }
  return words;
}
