// The files an ssh config `Include` names: `~/` expanded, relative paths from the including config's
// directory, and glob(3) wildcards (* ? [..]) in any path component, each argument's matches sorted, as
// OpenSSH reads them. A name that matches nothing is skipped silently, as OpenSSH does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const wildcard = /[*?[]/;

/** A path component's glob as a RegExp: * and ? never cross '/', and never match a leading dot. */
function componentRegExp(glob: string): RegExp {
  let body = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*') body += '[^/]*';
    else if (ch === '?') body += '[^/]';
    else if (ch === '[') {
      // a `]` right after `[` or `[!` is a member, not the end
      const negated = glob[i + 1] === '!';
      const end = glob.indexOf(']', i + (negated ? 3 : 2));
      if (end < 0) body += '\\[';
      else {
        const members = glob.slice(i + (negated ? 2 : 1), end).replace(/[\\\]^]/g, '\\$&');
        body += `[${negated ? '^' : ''}${members}]`;
        i = end;
      }
    } else body += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${glob.startsWith('.') ? '' : '(?!\\.)'}${body}$`);
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

/** The existing paths a glob matches, sorted. */
export function expandGlob(pattern: string): string[] {
  const parts = pattern.split('/');
  let paths = [parts[0] === '' ? '/' : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    if (!wildcard.test(part)) {
      paths = paths.map((base) => join(base, part));
      continue;
    }
    const regexp = componentRegExp(part);
    paths = paths.flatMap((base) => {
      if (!isDirectory(base)) return [];
      return readdirSync(base)
        .filter((name) => regexp.test(name))
        .sort()
        .map((name) => join(base, name));
    });
  }
  return paths.filter(exists);
}

/** The files one Include line names, in the order OpenSSH reads them. */
export function includedFiles(args: string[], includeDir: string, home: string): string[] {
  return args.flatMap((arg) => {
    const expanded = arg === '~' ? home : arg.startsWith('~/') ? join(home, arg.slice(2)) : arg;
    return expandGlob(isAbsolute(expanded) ? expanded : join(includeDir, expanded)).filter(
      (path) => !isDirectory(path),
    );
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
