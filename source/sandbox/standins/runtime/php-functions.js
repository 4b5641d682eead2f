// Runtime (plain JavaScript): the PHP functions php-eval.js understands (json_decode, stream_get_contents,
// file_get_contents, base64_decode, trim, getenv, …); any other is a fatal error, loud as PHP's.
import { ExitSignal, PhpError, toPhpString } from './php-values.js';

/** A PHP function call (the few the sandbox knows); env gives stdin, files and output. */
export function callFunction(name, list, env) {
  const fn = name.toLowerCase();
  switch (fn) {
    case 'json_decode': {
      try {
        return JSON.parse(String(list[0]));
      } catch (_e) {
        return null;
      }
    }
    case 'json_encode':
      return JSON.stringify(list[0]);
    case 'stream_get_contents':
      return env.readStdin();
    case 'file_get_contents':
      if (list[0] === 'php://stdin') return env.readStdin();
      return env.readFile(String(list[0]));
    case 'base64_decode':
      return Buffer.from(String(list[0]), 'base64').toString('utf8');
    case 'trim':
      return String(list[0]).trim();
    case 'rtrim': {
      // PHP's default list is " \t\n\r\0\x0B"; a second argument names the characters to strip
      const strip = list.length > 1 ? String(list[1]) : ' \t\n\r\0\x0B';
      let text = String(list[0]);
      while (text.length > 0 && strip.includes(text[text.length - 1])) text = text.slice(0, -1);
      return text;
    }
    case 'getenv':
      return process.env[String(list[0])] ?? false;
    case 'intval':
      return Number.parseInt(String(list[0]), 10) || 0;
    case 'strval':
      return toPhpString(list[0]);
    case 'fgets':
      return env.readStdinLine();
    case 'var_dump':
    case 'print_r':
      env.echo(JSON.stringify(list[0], null, 2) + '\n');
      return true;
    case 'exit':
    case 'die':
      throw new ExitSignal(list[0]);
    default:
      throw new PhpError(
        'PHP Fatal error: Call to undefined function ' + name + '() (not supported by the sandbox)',
      );
  }
}
