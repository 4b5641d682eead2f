// Installs the stand-ins: the runtime (source/sandbox/runtime, plain JavaScript) copied into <world>/lib, and
// each host's <root>/bin of small wrappers, first in the host's PATH.
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { askingTool, chown, install, journalctl, nodeTool, pgrepBefore, sudo } from './bash-standins.js';
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

// systemctl, psql and pgrep ask the running sandbox's stand-in server first (every assessment runs their
// queries), then the node runtime.
const nodeTools: Record<HostName, string[]> = {
  landsraad: ['php', 'composer', 'npm', 'pg_dump', 'redis-cli', 'supervisorctl'],
  mentat: [],
};

/** Writes <root>/bin for one host; `portFile` names the stand-in server's port while a sandbox runs. */
export function installBin(root: string, host: HostName, lib: string, portFile: string): void {
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
  const where = { node, lib, root, host, portFile };
  files.systemctl = askingTool(where, 'systemctl');
  if (host === 'landsraad') {
    files.pgrep = askingTool(where, 'pgrep', pgrepBefore);
    files.psql = askingTool(where, 'psql');
  }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
}
