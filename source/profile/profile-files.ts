// Where profiles live: `<package root>/profiles/NAME.yaml`, or any path the operator gives.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest directory above this file whose package.json is chom-console's. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'chom-console'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find chom-console's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The bundled profiles directory. */
export function defaultProfilesDir(): string {
  return join(packageRoot(), 'profiles');
}

/** Profile names (file names without `.yaml`) in a directory, sorted; [] when it does not exist. */
export function profileNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** A reference is a path when it has a directory separator or a YAML extension; otherwise a name. */
export function isPathReference(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.ya?ml$/.test(ref);
}

/** The file a profile name or path refers to (names in `profilesDir`, paths relative to `cwd`). */
export function profileFile(ref: string, profilesDir: string, cwd = process.cwd()): string {
  return isPathReference(ref) ? resolve(cwd, ref) : join(profilesDir, `${ref}.yaml`);
}

/** A path for messages: relative to the working directory when below it, else absolute. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
