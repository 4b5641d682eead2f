// Installs the stand-ins: the runtime (source/sandbox/runtime, plain JavaScript) copied into <world>/lib, and
// each host's <root>/bin of small wrappers, first in the host's PATH.
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chown, install, journalctl, nodeTool, pgrep, sudo } from './bash-standins.js';
import { psql } from './bash-psql.js';
import { systemctl } from './bash-systemctl.js';
import type { HostName } from '../lifecycle/paths.js';

/** The runtime's modules: every .js file of runtime/ (from source and from dist alike). */
function runtimeModules(): string[] {
  return readdirSync(new URL('./runtime/', import.meta.url))
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -'.js'.length));
}

/** The runtime's own source text: plain JavaScript, the same file from source and from dist. */
function runtimeSource(name: string): string {
  return readFileSync(new URL(`./runtime/${name}.js`, import.meta.url), 'utf8');
}

export function installRuntime(lib: string): void {
  mkdirSync(lib, { recursive: true });
  writeFileSync(join(lib, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const name of runtimeModules()) writeFileSync(join(lib, `${name}.js`), runtimeSource(name));
}

// systemctl, psql and pgrep answer the read-only queries in bash (every assessment runs them) and hand the
// rest to the node runtime.
const nodeTools: Record<HostName, string[]> = {
  landsraad: ['php', 'composer', 'npm', 'pg_dump', 'redis-cli', 'supervisorctl'],
  mentat: [],
};

/** Writes <root>/bin for one host. */
export function installBin(root: string, host: HostName, lib: string, psqlPortFile: string): void {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  const node = process.execPath;
  const files: Record<string, string> = {
    sudo,
    journalctl: journalctl(root),
    chown: chown('chown'),
    chgrp: chown('chgrp'),
    install,
  };
  for (const tool of nodeTools[host]) files[tool] = nodeTool(node, lib, root, host, tool);
  files.systemctl = systemctl(node, lib, root, host);
  if (host === 'landsraad') {
    files.pgrep = pgrep(node, lib, root, host);
    files.psql = psql(node, lib, root, host, psqlPortFile);
  }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
}
