// The files an ssh config `Include` names: `~/` expanded, relative paths in ~/.ssh (as for any user config),
// and glob(3) wildcards (* ? [..] with [:class:]) in any path component, each argument's matches sorted, as
// OpenSSH reads them. A name that matches nothing, or a directory it may not read, is skipped silently, as
// glob(3) without GLOB_ERR does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const wildcard = /[*?[]/;
const classes: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

/** A bracket expression's members as RegExp class text (`[:alpha:]` classes, escapes for the rest). */
function bracketMembers(members: string): string {
  return members.replace(/\[:([a-z]+):\]|[\\\]^[-]/g, (all: string, name?: string) => {
    if (name !== undefined) return classes[name] ?? '';
    // keep ranges (a-z) working: only a leading or trailing '-' is literal in glob, JS reads it the same way
    return all === '-' ? '-' : `\\${all}`;
  });
}

/** A path component's glob as a RegExp (* and ? never match a leading dot); undefined if it cannot be one. */
function componentRegExp(glob: string): RegExp | undefined {
  let body = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else if (ch === '[') {
      // a `]` right after `[` or `[!` is a member, not the end; `[:class:]` inside does not end it either
      const negated = glob[i + 1] === '!';
      const from = i + (negated ? 2 : 1);
      const close = /^(?:\]|\[:[a-z]+:\]|[^\]])(?:\[:[a-z]+:\]|[^\]])*\]/.exec(glob.slice(from));
      if (!close) body += '\\[';
      else {
        body += `[${negated ? '^' : ''}${bracketMembers(close[0].slice(0, -1))}]`;
        i = from + close[0].length - 1;
      }
    } else body += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  try {
    return new RegExp(`^${glob.startsWith('.') ? '' : '(?!\\.)'}${body}$`);
  } catch {
    return undefined; // e.g. a range out of order, [z-a]: glob(3) matches nothing with it
  }
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const exists = (path: string): boolean => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

const entriesOf = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** The existing paths an absolute glob matches, sorted as whole paths (as glob(3) sorts them). */
export function expandGlob(pattern: string): string[] {
  let paths = ['/'];
  for (const part of pattern.split('/')) {
    if (part === '') continue;
    if (!wildcard.test(part)) {
      paths = paths.map((base) => join(base, part));
      continue;
    }
    const regexp = componentRegExp(part);
    if (!regexp) return [];
    paths = paths.flatMap((base) =>
      isDirectory(base)
        ? entriesOf(base)
            .filter((name) => regexp.test(name))
            .map((name) => join(base, name))
        : [],
    );
  }
  return paths.filter(exists).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The files one Include line names, in the order OpenSSH reads them; relative names are in `dir`. `~` is
 * expanded only with a home (user configs: the system config's Include takes no `~`).
 */
export function includedFiles(args: string[], dir: string, home: string | undefined): string[] {
  return args.flatMap((arg) => {
    const expanded =
      home === undefined ? arg : arg === '~' ? home : arg.startsWith('~/') ? join(home, arg.slice(2)) : arg;
    return expandGlob(resolve(dir, expanded)).filter((path) => !isDirectory(path));
  });
}

/** A config file's text; undefined when it does not exist. Any other failure says which file and why. */
export function readConfigFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new Error(
      `cannot read the ssh config ${path} (${code ?? (error as Error).message}); make it a readable file`,
      { cause: error },
    );
  }
}
