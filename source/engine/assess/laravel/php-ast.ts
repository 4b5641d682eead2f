// The syntax tree of the PHP route files read (pure types), and the word lists the parser needs.
import type { PhpToken } from './php-tokens.js';

/** One argument; `name` for PHP 8 named arguments (`api: …`). */
export type PhpArg = { name: string | null; value: PhpExpr };

/** The expressions route files are made of; `opaque` is any other expression (its value is unknown). */
export type PhpExpr =
  | { kind: 'string'; value: string; dynamic: boolean; line: number }
  | { kind: 'const'; name: string; line: number }
  | { kind: 'class'; name: string; line: number }
  | { kind: 'array'; items: { key: PhpExpr | null; value: PhpExpr }[]; line: number }
  | { kind: 'closure'; body: PhpStmt[]; line: number }
  | { kind: 'static-call'; target: string; method: string; args: PhpArg[]; line: number }
  | { kind: 'call'; name: string; args: PhpArg[]; line: number }
  | { kind: 'method-call'; object: PhpExpr; method: string; args: PhpArg[]; line: number }
  | { kind: 'concat'; parts: PhpExpr[]; line: number }
  | { kind: 'include'; path: PhpExpr; line: number }
  | { kind: 'opaque'; text: string; line: number };

/** A statement: an expression, a block (of `if`, `foreach`, …), or one that could not be read. */
export type PhpStmt =
  | { kind: 'expr'; expr: PhpExpr; line: number }
  | { kind: 'block'; keyword: string; body: PhpStmt[]; line: number }
  | { kind: 'broken'; message: string; line: number }
  /** A class property with its default (`protected $middlewareGroups = […]`): Kernel.php declares middleware so. */
  | { kind: 'property'; name: string; value: PhpExpr; line: number };

export class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export const control = new Set([
  'if',
  'elseif',
  'else',
  'foreach',
  'for',
  'while',
  'switch',
  'try',
  'catch',
  'finally',
  'do',
]);
export const skipped = new Set([
  'use',
  'namespace',
  'declare',
  'global',
  'echo',
  'throw',
  'break',
  'continue',
  'unset',
]);
export const includes = new Set(['require', 'require_once', 'include', 'include_once']);
export const binary = new Set(['??', '==', '===', '!=', '!==', '<', '>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '|', '&', '^', '<<', '>>', '<=>', '**', 'and', 'or', 'instanceof']); // prettier-ignore
export const classWords = new Set(['class', 'abstract', 'final', 'readonly', 'interface', 'trait', 'enum']);
export const assign = new Set(['=', '.=', '+=', '-=', '*=', '/=', '??=']);

export const describe = (t: PhpToken | undefined): string =>
  t === undefined ? 'the end of the file' : t.kind === 'string' ? 'a string' : `\`${t.value}\``;
