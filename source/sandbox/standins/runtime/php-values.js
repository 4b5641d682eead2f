// Runtime (plain JavaScript): the values and signals of the sandbox's PHP subset (php-eval.js).

export class PhpError extends Error {}

export class ExitSignal extends Error {
  constructor(code) {
    super('exit');
    this.code = typeof code === 'number' ? code : 0;
    this.text = typeof code === 'string' ? code : '';
  }
}

export function toPhpString(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'object') return 'Array';
  return String(value);
}
