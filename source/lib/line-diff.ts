// A unified diff of two texts by lines (LCS), with 3 lines of context: enough for configs of a few
// thousand lines; beyond that the whole file is shown as replaced rather than spending quadratic time.
const context = 3;
const maxCells = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function ops(a: string[], b: string[]): Op[] {
  if (a.length * b.length > maxCells)
    return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: ' ', line: a[i]! });
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) {
      out.push({ kind: '+', line: b[j]! });
      j += 1;
    } else {
      out.push({ kind: '-', line: a[i]! });
      i += 1;
    }
  }
  return out;
}

const lines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** Unified diff lines `from` → `to` (headers, `@@` hunks); empty when the texts are equal. */
export function unifiedDiff(from: string, to: string, fromName: string, toName: string): string[] {
  if (from === to) return [];
  const all = ops(lines(from), lines(to));
  const changed = all.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0)
    return [`--- ${fromName}`, `+++ ${toName}`, '@@ only the final newline differs @@'];
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context) end += 1;
    const lo = Math.max(0, changed[start]! - context);
    const hi = Math.min(all.length - 1, changed[end]! + context);
    const hunk = all.slice(lo, hi + 1);
    const before = all.slice(0, lo);
    const fromLine = before.filter((op) => op.kind !== '+').length + 1;
    const toLine = before.filter((op) => op.kind !== '-').length + 1;
    const fromCount = hunk.filter((op) => op.kind !== '+').length;
    const toCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${fromLine},${fromCount} +${toLine},${toCount} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    start = end + 1;
  }
  return out;
}
