// One sha256 over both host trees (the database is inside landsraad's). Counts paths, types, permission bits,
// file contents and symlink targets; not mtimes, owners or inode numbers.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames, sandboxPaths } from './paths.js';

// Runtime noise left out of the hash:
const ignored: RegExp[] = [
  /^[^/]+\/run(\/|$)/, // pid files and start times of running services
  /^[^/]+\/var\/log(\/|$)/, // journals (grow while services run)
  /^mentat\/var\/lib\/observability\/(prometheus|alertmanager|grafana|loki)\/./, // TSDB, silences, notification log
  /^landsraad\/var\/www\/chom\/shared\/storage\/logs\/./, // laravel.log grows with every request
  /^[^/]+\/tmp\/./, // scratch space
];

function walk(base: string, relative: string, hash: ReturnType<typeof createHash>): void {
  if (ignored.some((r) => r.test(relative))) return;
  const path = join(base, relative);
  const stat = lstatSync(path);
  const mode = (stat.mode & 0o7777).toString(8);
  if (stat.isSymbolicLink()) hash.update(`L ${relative} -> ${readlinkSync(path)}\n`);
  else if (stat.isDirectory()) {
    hash.update(`D ${relative} ${mode}\n`);
    for (const name of readdirSync(path).sort()) walk(base, `${relative}/${name}`, hash);
  } else if (stat.isFile()) {
    hash.update(`F ${relative} ${mode} ${createHash('sha256').update(readFileSync(path)).digest('hex')}\n`);
  } else hash.update(`O ${relative}\n`);
}

export function hashWorld(home: string): string {
  const { world } = sandboxPaths(home);
  const hash = createHash('sha256');
  for (const host of hostNames) walk(world, host, hash);
  return hash.digest('hex');
}
