// Remote output is hostile until proven otherwise: a log line may carry escape sequences that move the
// cursor, retitle the window, switch screens or ring bells. Everything shown in a pane passes through
// `sanitizeLine`, which keeps only printable text. Display width follows Ink's own measurement rules
// (string-width: graphemes, RGI emoji and East Asian Wide/Fullwidth = 2 columns) so our truncation and
// wrapping agree with Ink's layout.

/** Options of {@link sanitizeLine}. */
export type SanitizeOptions = {
  /** Tab stops every this many columns. */
  tabWidth?: number;
  /** Longest line kept, in UTF-16 code units; the rest becomes a marker. */
  maxLength?: number;
};

const defaultMaxLineLength = 4000;
const ESC = 0x1b;
const BEL = 0x07;

/** Where a control string (OSC, DCS, SOS, PM, APC) or CSI sequence starting at `index` ends (exclusive). */
function skipSequence(text: string, index: number, introducer: number): number {
  const length = text.length;
  if (introducer === 0x5b /* [ CSI */) {
    let cursor = index;
    while (cursor < length) {
      const code = text.charCodeAt(cursor);
      if (code >= 0x20 && code <= 0x3f) cursor += 1;
      else return code >= 0x40 && code <= 0x7e ? cursor + 1 : cursor;
    }
    return length;
  }
  // String controls end at BEL, ST (ESC \) or 8-bit ST; unterminated ones swallow the rest of the line.
  let cursor = index;
  while (cursor < length) {
    const code = text.charCodeAt(cursor);
    if (code === BEL || code === 0x9c) return cursor + 1;
    if (code === ESC && text.charCodeAt(cursor + 1) === 0x5c) return cursor + 2;
    cursor += 1;
  }
  return length;
}

const stringIntroducers = new Set([0x5d, 0x50, 0x58, 0x5e, 0x5f]); // ] P X ^ _
const c1Introducers: Record<number, number> = {
  0x9b: 0x5b,
  0x9d: 0x5d,
  0x90: 0x50,
  0x98: 0x58,
  0x9e: 0x5e,
  0x9f: 0x5f,
};

/** Characters that reorder or hide text (bidi overrides, isolates, BOM): dropped so text shows as sent. */
function isInvisibleTrap(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;
}

/**
 * One line of remote output made safe to display: escape sequences and control characters removed,
 * carriage-return progress redraws reduced to their last segment, backspaces applied, tabs expanded, lone
 * surrogates replaced by U+FFFD, and the length capped with a visible marker.
 */
export function sanitizeLine(line: string, options: SanitizeOptions = {}): string {
  // The line's own terminator is not content.
  const raw = line.endsWith('\n') ? line.slice(0, line.endsWith('\r\n') ? -2 : -1) : line;
  const tabWidth = options.tabWidth ?? 8;
  const maxLength = options.maxLength ?? defaultMaxLineLength;
  let out = '';
  let column = 0;
  let omitted = 0;
  let resetPending = false;
  const append = (piece: string, width: number): void => {
    if (resetPending) {
      out = '';
      column = 0;
      omitted = 0;
      resetPending = false;
    }
    if (out.length + piece.length > maxLength) {
      omitted += piece.length;
      return;
    }
    out += piece;
    column += width;
  };
  const length = raw.length;
  let index = 0;
  while (index < length) {
    const code = raw.charCodeAt(index);
    if (code === ESC || (code >= 0x80 && code <= 0x9f)) {
      const introducer = code === ESC ? raw.charCodeAt(index + 1) : (c1Introducers[code] ?? -1);
      const bodyStart = code === ESC ? index + 2 : index + 1;
      if (introducer === 0x5b || stringIntroducers.has(introducer)) {
        index = skipSequence(raw, bodyStart, introducer);
      } else if (code === ESC && introducer >= 0x20 && introducer <= 0x2f) {
        let cursor = index + 1; // ESC, intermediates, one final byte (charset selection, DECALN, …)
        while (cursor < length && raw.charCodeAt(cursor) >= 0x20 && raw.charCodeAt(cursor) <= 0x2f)
          cursor += 1;
        index = Math.min(length, cursor + 1);
      } else if (code === ESC && introducer >= 0x30 && introducer <= 0x7e) {
        index += 2; // two-character escapes: ESC 7, ESC c (reset), ESC M, …
      } else {
        index += 1;
      }
      continue;
    }
    if (code === 0x0d) {
      const next = raw.charCodeAt(index + 1);
      if (index + 1 < length && next !== 0x0a) resetPending = true;
      index += 1;
      continue;
    }
    if (code === 0x09) {
      const spaces = tabWidth - (column % tabWidth);
      append(' '.repeat(spaces), spaces);
      index += 1;
      continue;
    }
    if (code === 0x08) {
      if (!resetPending && out.length > 0) {
        const size = out.length >= 2 && isLowSurrogate(out.charCodeAt(out.length - 1)) ? 2 : 1;
        column = Math.max(0, column - codePointWidth(out.codePointAt(out.length - size) ?? 0));
        out = out.slice(0, out.length - size);
      }
      index += 1;
      continue;
    }
    if (code === 0x0a || code === 0x0b || code === 0x0c || code === 0x2028 || code === 0x2029) {
      append(' ', 1); // a line break inside one line would break the pane's row accounting
      index += 1;
      continue;
    }
    if (code < 0x20 || code === 0x7f || isInvisibleTrap(code)) {
      index += 1;
      continue;
    }
    if (isHighSurrogate(code) && isLowSurrogate(raw.charCodeAt(index + 1))) {
      const pair = raw.slice(index, index + 2);
      append(pair, codePointWidth(pair.codePointAt(0) ?? 0));
      index += 2;
      continue;
    }
    if (isHighSurrogate(code) || isLowSurrogate(code)) {
      append('\uFFFD', 1);
      index += 1;
      continue;
    }
    append(raw[index] as string, codePointWidth(code));
    index += 1;
  }
  return omitted > 0 ? `${out} …[+${omitted} chars]` : out;
}

/** Splits a chunk of output into sanitized lines (LF or CRLF); a trailing newline adds no empty line. */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string[] {
  const parts = text.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((part) => sanitizeLine(part, options));
}

/** A streaming UTF-8 decoder: invalid bytes become U+FFFD, characters split across chunks are kept whole. */
export function createUtf8Decoder(): { decode: (chunk: Uint8Array) => string; end: () => string } {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return { decode: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}

// C0 controls (tab and line breaks included), DEL and C1 controls: matched on purpose.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/u;

/** Whether `text` contains a C0/C1 control character, DEL, a tab or a line break. */
export function hasControlCharacters(text: string): boolean {
  return controlCharacters.test(text);
}

/** Shows control characters of user input as visible Control Pictures (␛, ␊, …) instead of obeying them. */
export function visibleControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20) out += String.fromCodePoint(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else if ((code >= 0x80 && code <= 0x9f) || isInvisibleTrap(code)) out += '\uFFFD';
    else if (code >= 0xd800 && code <= 0xdfff) out += '\uFFFD';
    else out += char;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// East Asian Wide and Fullwidth ranges (Unicode 16, as used by Ink's string-width), hex start[-end].
const wideRanges: readonly (readonly [number, number])[] = (
  '1100-115f 231a-231b 2329-232a 23e9-23ec 23f0 23f3 25fd-25fe 2614-2615 2630-2637 2648-2653 267f 268a-268f ' +
  '2693 26a1 26aa-26ab 26bd-26be 26c4-26c5 26ce 26d4 26ea 26f2-26f3 26f5 26fa 26fd 2705 270a-270b 2728 274c ' +
  '274e 2753-2755 2757 2795-2797 27b0 27bf 2b1b-2b1c 2b50 2b55 2e80-2e99 2e9b-2ef3 2f00-2fd5 2ff0-303e ' +
  '3041-3096 3099-30ff 3105-312f 3131-318e 3190-31e5 31ef-321e 3220-3247 3250-a48c a490-a4c6 a960-a97c ' +
  'ac00-d7a3 f900-faff fe10-fe19 fe30-fe52 fe54-fe66 fe68-fe6b ff01-ff60 ffe0-ffe6 16fe0-16fe4 16ff0-16ff6 ' +
  '17000-18cda 18cff-18d20 18d80-18df2 18e00-19191 191a0-191d2 1aff0-1aff3 1aff5-1affb 1affd-1affe ' +
  '1b000-1b128 1b132 1b150-1b152 1b155 1b164-1b168 1b170-1b2fb 1d300-1d356 1d360-1d376 1f004 1f0cf 1f18e ' +
  '1f191-1f19a 1f1ae 1f200-1f202 1f210-1f23b 1f240-1f248 1f250-1f251 1f260-1f265 1f300-1f320 1f32d-1f335 ' +
  '1f337-1f37c 1f37e-1f393 1f3a0-1f3ca 1f3cf-1f3d3 1f3e0-1f3f0 1f3f4 1f3f8-1f43e 1f440 1f442-1f4fc ' +
  '1f4ff-1f53d 1f54b-1f54e 1f550-1f567 1f57a 1f595-1f596 1f5a4 1f5fb-1f64f 1f680-1f6c5 1f6cc 1f6d0-1f6d2 ' +
  '1f6d5-1f6d9 1f6dc-1f6df 1f6eb-1f6ec 1f6f4-1f6fc 1f7da 1f7e0-1f7eb 1f7f0 1f90c-1f93a 1f93c-1f945 ' +
  '1f947-1f9ff 1fa70-1fa7c 1fa80-1fac6 1fac8 1facc-1fadd 1fadf-1faeb 1faef-1fafa 20000-2fffd 30000-3fffd'
)
  .split(' ')
  .map((range) => {
    const [start, end] = range.split('-');
    const first = Number.parseInt(start as string, 16);
    return [first, end === undefined ? first : Number.parseInt(end, 16)] as const;
  });

function isWide(code: number): boolean {
  if (code < 0x1100) return false;
  let low = 0;
  let high = wideRanges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = wideRanges[middle] as readonly [number, number];
    if (code < start) high = middle - 1;
    else if (code > end) low = middle + 1;
    else return true;
  }
  return false;
}

const zeroWidthRegex = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;

/** Columns one code point takes on its own (0 for combining and format characters). */
function codePointWidth(code: number): number {
  if (code >= 0x20 && code < 0x7f) return 1;
  if (zeroWidthRegex.test(String.fromCodePoint(code))) return 0;
  return isWide(code) ? 2 : 1;
}

const segmenter = new Intl.Segmenter();
// Built at run time: the `v` flag is newer than the TypeScript target, and Node 20 supports it.
const rgiEmojiRegex = new RegExp('^\\p{RGI_Emoji}$', 'v');
const pictographicRegex = /\p{Extended_Pictographic}/gu;
const visibleRegex = /[^\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Cs}]/u;

/** Columns one grapheme cluster takes. */
function clusterWidth(cluster: string): number {
  const visibleAt = cluster.search(visibleRegex);
  if (visibleAt === -1) return 0;
  if (rgiEmojiRegex.test(cluster)) return 2;
  if (/^[\d#*]\u20e3$/u.test(cluster)) return 2;
  if (
    cluster.length <= 50 &&
    cluster.includes('\u200d') &&
    (cluster.match(pictographicRegex)?.length ?? 0) >= 2
  ) {
    return 2;
  }
  return isWide(cluster.codePointAt(visibleAt) ?? 0) ? 2 : 1;
}

const printableAscii = /^[\x20-\x7e]*$/;

/** Terminal columns `text` occupies (expects sanitized text). */
export function displayWidth(text: string): number {
  if (printableAscii.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += clusterWidth(segment);
  return width;
}

/** The longest prefix of `text` that fits in `width` columns, never splitting a grapheme or wide char. */
export function sliceToWidth(text: string, width: number): { text: string; width: number } {
  if (printableAscii.test(text)) {
    const slice = text.slice(0, Math.max(0, width));
    return { text: slice, width: slice.length };
  }
  let used = 0;
  let end = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    const columns = clusterWidth(segment);
    if (used + columns > width) break;
    used += columns;
    end = index + segment.length;
  }
  return { text: text.slice(0, end), width: used };
}

/** `text` cut to `width` columns, ending with `ellipsis` when it was cut. */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const room = width - displayWidth(ellipsis);
  if (room <= 0) return sliceToWidth(ellipsis, width).text;
  return sliceToWidth(text, room).text + ellipsis;
}

/** `text` broken into rows of at most `width` columns (hard wrap by grapheme); always at least one row. */
export function wrapToWidth(text: string, width: number, maxRows = Number.POSITIVE_INFINITY): string[] {
  if (width <= 0) return [''];
  const rows: string[] = [];
  let rest = text;
  while (rest.length > 0 && rows.length < maxRows) {
    const { text: row } = sliceToWidth(rest, width);
    if (row.length > 0) {
      rows.push(row);
      rest = rest.slice(row.length);
      continue;
    }
    // A cluster wider than the whole row (a wide char at width 1) is shown as one replacement column.
    const first = segmenter.segment(rest)[Symbol.iterator]().next().value?.segment ?? rest;
    rows.push('\uFFFD');
    rest = rest.slice(first.length);
  }
  return rows.length > 0 ? rows : [''];
}

/** `text` padded with spaces to exactly `width` columns (truncated first when wider). */
export function fitToWidth(text: string, width: number): string {
  const cut = truncateToWidth(text, width);
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/**
 * `text` (one line, sanitized) broken into rows of at most `width` columns at spaces, so no word is split
 * unless it alone is wider than a row (then it is cut by grapheme). The first row keeps the line's
 * indentation; joining the rows with single spaces gives back the words in order.
 */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [''];
  const indent = /^ */.exec(text)?.[0] ?? '';
  const words = text
    .slice(indent.length)
    .split(/ +/)
    .filter((word) => word !== '');
  const rows: string[] = [];
  let row = displayWidth(indent) < width ? indent : '';
  let empty = true;
  for (const word of words) {
    const candidate = empty ? row + word : `${row} ${word}`;
    if (displayWidth(candidate) <= width) {
      row = candidate;
      empty = false;
      continue;
    }
    if (!empty) rows.push(row);
    const pieces = wrapToWidth(word, width);
    rows.push(...pieces.slice(0, -1));
    row = pieces[pieces.length - 1] ?? '';
    empty = false;
  }
  rows.push(empty ? row.trimEnd() : row);
  return rows;
}
