// The assessment's probe sets the bench compares in one run: today's profile and, for the before/after
// figures, a profile whose `assess:` section is taken from another commit (BENCH_BASELINE). Per set: the probe
// scripts as the engine renders them, per host, and what one assessment starts on each host (strace -f).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeRoute, type ProbeRoute } from '../source/engine/assess/assess-items.js';
import { assessProbes, runAssessment } from '../source/engine/assess/assess-session.js';
import type { RepoSnapshot } from '../source/engine/assess/repo/repo-git.js';
import { RunScope } from '../source/engine/run/run-scope.js';
import type { LoadedProfile } from '../source/profile/loaded-profile.js';
import { loadProfile } from '../source/profile/profile-loader.js';
import type { Transport } from '../source/transport/transport.js';
import { TracingTransport, type Spawns } from '../test/helpers/spawn-trace.js';

/** A batched probe as the engine renders it. */
export type BatchRoute = Extract<ProbeRoute, { kind: 'batch' }>;

/** One probe set: its profile, its batched probes and those per host. */
export type ProbeSet = {
  label: string;
  profile: LoadedProfile;
  probes: number;
  routes: BatchRoute[];
  byHost: Map<string, BatchRoute[]>;
};

/** The `assess:` section of a profile's text: from its key to the next top-level key or banner comment. */
function assessSection(text: string, where: string): { start: number; end: number } {
  const start = text.search(/^assess:/m);
  if (start < 0) throw new Error(`no top-level assess: section in ${where}`);
  const rest = text.slice(start + 'assess:'.length);
  const next = rest.search(/^(# =+|[A-Za-z_][\w-]*:)/m);
  return { start, end: next < 0 ? text.length : start + 'assess:'.length + next };
}

/**
 * A profiles directory `dir` (production.yaml and sandbox.yaml) whose production.yaml is `profilesDir`'s with
 * the probes of git revision `ref`. Throws when `ref` is unknown or its profile has no assess section.
 */
export function profilesWithProbesOf(ref: string, profilesDir: string, dir: string): string {
  const old = execFileSync('git', ['show', `${ref}:profiles/production.yaml`], { encoding: 'utf8' });
  const today = readFileSync(join(profilesDir, 'production.yaml'), 'utf8');
  const from = assessSection(old, `${ref}:profiles/production.yaml`);
  const into = assessSection(today, 'profiles/production.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'production.yaml'),
    today.slice(0, into.start) + old.slice(from.start, from.end) + today.slice(into.end),
  );
  copyFileSync(join(profilesDir, 'sandbox.yaml'), join(dir, 'sandbox.yaml'));
  // the sections and scripts production.yaml includes, relative to it
  cpSync(join(profilesDir, 'production'), join(dir, 'production'), { recursive: true });
  return dir;
}

/** Loads the sandbox profile of `profilesDir` and renders its probes for the running world. */
export function probeSet(
  label: string,
  profilesDir: string,
  runtimeVars: Record<string, string>,
  snapshot: RepoSnapshot,
): ProbeSet {
  const loaded = loadProfile('sandbox', { profilesDir, runtimeVars: Object.keys(runtimeVars) });
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
  const scope = new RunScope(loaded.profile, runtimeVars);
  const probes = assessProbes(loaded.profile, snapshot);
  const routes = probes
    .map((p, i) => probeRoute(p, i, scope))
    .filter((r): r is BatchRoute => r.kind === 'batch');
  const byHost = new Map<string, BatchRoute[]>();
  for (const route of routes) byHost.set(route.host, [...(byHost.get(route.host) ?? []), route]);
  return { label, profile: loaded.profile, probes: probes.length, routes, byHost };
}

/** What one assessment with this set starts on each host (the hosts are on this machine). */
export async function spawnsPerHost(
  set: ProbeSet,
  transports: Map<string, Transport>,
  runtimeVars: Record<string, string>,
  snapshot: RepoSnapshot,
): Promise<Map<string, Spawns>> {
  const traced = new Map([...transports].map(([name, t]) => [name, new TracingTransport(t)]));
  try {
    const result = await runAssessment({
      profile: set.profile,
      transports: traced,
      runtimeVars,
      snapshot,
      operator: 'bench',
    });
    if (result.assessment?.exit_code !== 0)
      throw new Error(
        `${set.label}: the traced assessment failed: ${JSON.stringify(result.assessment?.hosts ?? result.refused).slice(0, 1500)}`,
      );
    return new Map([...traced].map(([name, t]) => [name, t.spawns()]));
  } finally {
    await Promise.all([...traced.values()].map((t) => t.close()));
  }
}
