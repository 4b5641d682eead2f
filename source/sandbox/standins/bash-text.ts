// Bash kept readable inside TypeScript: written with String.raw (backslashes stay as bash needs them) and
// `#{` for bash's `${` (a template literal would take `${` for its own), turned back here.

/** The bash text of a String.raw literal written with `#{` for `${`. */
export const bash = (text: string): string => text.replaceAll('#{', '${');
