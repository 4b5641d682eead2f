// What `plan --live` and `deploy --plan` read from the hosts, read-only, over connections already open: the
// plan facts (the assessment's probes, the local checkout, the journals), the live config files' identities,
// the pending migrations' PHP. Both commands read through this one function, so the facts a plan was made
// from and the ones re-read once the deploy lock is held are the same facts, read the same way.
import type { Transport } from '../transport/transport.js';
import { batchRead, readCommand, type BatchRead, type ReadAnswer } from '../engine/run/host-batch-read.js';
import { execHost, readHost, readOutput } from '../engine/run/host-read.js';
import { configTargets, readIdentities } from '../engine/plan/config-identity.js';
import { decidingFacts } from '../engine/plan/deciding-facts.js';
import type { LiveRead } from '../engine/plan/live-plan.js';
import { buildRunPlan } from '../engine/plan/plan.js';
import { planReads } from '../engine/plan/plan-reads.js';
import { gatherPlanFacts, probeFor } from '../engine/plan/plan-facts.js';
import type { Redactor } from '../engine/run/redaction.js';
import { RunScope } from '../engine/run/run-scope.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { classifiedMigrations, planFactsIo } from './live-plan.js';

/** What the read needs: the profile, its open transports, the run's vars and where the journals are. */
export type LiveReadInput = {
  profile: LoadedProfile;
  transports: ReadonlyMap<string, Transport>;
  runtimeVars: Record<string, string>;
  stateDir: string;
  redactor: Redactor;
  /** The deploy starts at this phase (`--from`) or runs one part (`--only`): the config steps it reaches count. */
  from?: string;
  only?: string;
};

/** Each host's batch, running (host → its answers by command). */
type Batched = ReadonlyMap<string, Promise<ReadonlyMap<string, ReadAnswer>>>;

/** Sends each host's reads in one batch, the hosts at once; the reads below wait for their host's answers. */
function batchHosts(input: LiveReadInput, reads: Map<string, BatchRead[]>): Batched {
  const batches = new Map<string, Promise<ReadonlyMap<string, ReadAnswer>>>();
  for (const [host, hostReads] of reads) {
    const transport = input.transports.get(host);
    if (transport) batches.set(host, batchRead(transport, hostReads));
  }
  return batches;
}

/** Runs a read-only script on a connected host (the engine's host read: redacted, errors name the host). */
function hostRead(input: LiveReadInput, batched: Batched) {
  return async (host: string, script: string, run: { user?: string } = {}): Promise<string> => {
    const answer = (await batched.get(host))?.get(readCommand({ script, ...run }));
    if (answer) return readOutput(host, answer, input.redactor);
    const transport = input.transports.get(host);
    if (!transport) throw new Error(`no host "${host}" in profile ${input.profile.name}`);
    return readHost(transport, { host, script, ...run }, input.redactor);
  };
}

/** Runs a read-only script whose output stays in the engine (the configs, .env keys and settings compared). */
function hostExec(input: LiveReadInput, batched: Batched) {
  return async (host: string, script: string, stdin?: string) => {
    const answer = stdin === undefined ? (await batched.get(host))?.get(script) : undefined;
    if (answer) return answer;
    const transport = input.transports.get(host);
    if (!transport) throw new Error(`no host "${host}" in profile ${input.profile.name}`);
    return execHost(transport, { host, script, ...(stdin !== undefined && { stdin }) });
  };
}

/** Reads the live facts of a deploy plan, read-only. */
export async function readLive(input: LiveReadInput): Promise<LiveRead> {
  const { profile } = input;
  const scope = new RunScope(profile, input.runtimeVars);
  const render = (template: string): string => scope.render(template, 'plain');
  const run = buildRunPlan(profile, {
    mode: 'deploy',
    ...(input.from !== undefined && { from: input.from }),
    ...(input.only !== undefined && { only: input.only }),
  });
  const phases = new Set(run.mode === 'deploy' ? run.phases.map((phase) => phase.id) : []);
  const targets = configTargets(profile, phases, render);
  // one round trip per host for everything below reads (each exec is an SSH channel and a process)
  const batched = batchHosts(input, planReads(profile, scope.snapshot(), targets));
  const read = hostRead(input, batched);
  const [facts, identities] = await Promise.all([
    gatherPlanFacts(
      profile,
      planFactsIo({ profile, stateDir: input.stateDir, scope, read, exec: hostExec(input, batched) }),
    ),
    readIdentities(targets, (command) => read(command.host, command.script)),
  ]);
  const migrations = await classifiedMigrations(facts, scope.variable('repo'));
  const hostOf = (fact: string): string => probeFor(profile, fact)?.host ?? 'the app host';
  const deciding = decidingFacts(facts, identities, {
    release: hostOf('current_release'),
    commit: hostOf('deployed_commit'),
    migrations: hostOf('ran_migrations'),
  });
  return { facts, identities, migrations, deciding };
}
