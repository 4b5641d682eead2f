// Creating the world from nothing, deterministically: same home → same bytes, same git hashes, same mtimes.
import { lstatSync, lutimesSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { history, liveRelease, seededReleases } from './content/chom-history.js';
import { appBase, deployHub, hostNames, sandboxPaths } from '../lifecycle/paths.js';
import { loadPorts, type Ports } from '../lifecycle/ports.js';
import { generateRepository, type CommitMap } from './repository.js';
import { seedLandsraad } from './seed-landsraad.js';
import { seedMentat } from './seed-mentat.js';
import { installBin, installRuntime } from '../standins/standin-files.js';

/** What the world was seeded with; tests and the runbook map the seed's commit names through it. */
export type WorldFacts = {
  /** Real commit label (7f572d2, a892558, 2ffc907, bb283db, d597c3b, …) → generated full hash. */
  commits: CommitMap;
  messages: Record<string, string>;
  liveRelease: string;
  releases: string[];
  ports: Ports;
};

const seededAt = Date.parse('2026-01-05T17:20:53Z') / 1000;

function stamp(path: string, seconds: number): void {
  const stat = lstatSync(path);
  if (stat.isDirectory()) for (const name of readdirSync(path)) stamp(join(path, name), seconds);
  lutimesSync(path, seconds, seconds);
}

/** Fixed mtimes: each release at its deploy time, /opt/chom-deploy at the seed's "Last Updated". */
function fixMtimes(world: string): void {
  for (const host of hostNames) stamp(join(world, host), seededAt);
  const base = join(world, 'landsraad', appBase);
  for (const release of seededReleases)
    stamp(join(base, 'releases', release.id), Date.parse(release.deployedAt) / 1000);
  stamp(join(world, 'mentat', deployHub), Date.parse('2026-01-06T13:23:00Z') / 1000);
}

/** Deletes `<home>/sandbox/world` and seeds it again. Ports are kept (they live in `<home>/sandbox`). */
export async function createWorld(home: string): Promise<WorldFacts> {
  const paths = sandboxPaths(home);
  rmSync(paths.world, { recursive: true, force: true });
  mkdirSync(paths.world, { recursive: true });
  const ports = await loadPorts(paths.ports);
  installRuntime(paths.lib);
  const commits = generateRepository(paths.bareRepo, paths.repo);
  const landsraad = paths.root('landsraad');
  const mentat = paths.root('mentat');
  seedLandsraad({ root: landsraad, bare: paths.bareRepo, commits, ports });
  seedMentat({ root: mentat, bare: paths.bareRepo, commits, ports, lib: paths.lib });
  for (const host of hostNames) {
    installBin(paths.root(host), host, paths.lib, paths.standinPort);
    mkdirSync(join(paths.root(host), 'home/deploy'), { recursive: true });
    writeFileSync(
      join(paths.root(host), 'home/deploy/.gitconfig'),
      '[user]\n\tname = stilgar\n\temail = stilgar@arewel.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n',
    );
  }
  mkdirSync(paths.mail, { recursive: true });
  fixMtimes(paths.world);
  const facts: WorldFacts = {
    commits,
    messages: Object.fromEntries(history.map((c) => [c.label, c.message])),
    liveRelease,
    releases: seededReleases.map((r) => r.id),
    ports,
  };
  writeFileSync(paths.facts, `${JSON.stringify(facts, null, 2)}\n`);
  return facts;
}

export function readFacts(home: string): WorldFacts {
  return JSON.parse(readFileSync(sandboxPaths(home).facts, 'utf8')) as WorldFacts;
}
