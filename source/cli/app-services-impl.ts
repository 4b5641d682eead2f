// The terminal UI's AppServices over the real world: the session's profile, the sandbox world when the
// profile needs it (started in this process unless `sandbox up` runs), one ssh2 transport per host, and the
// engine's runner. Everything the home screen and the rollback picker read is a read-only command; every run
// goes through createRunner with a journal under the state directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asUser } from '../commands/privilege.js';
import { buildAssessment } from '../engine/assess-build.js';
import { assessProbes } from '../engine/assess-session.js';
import type { Gates } from '../engine/gates.js';
import { readJournalFile } from '../engine/journal.js';
import { buildRunPlan } from '../engine/plan.js';
import { runHistory } from '../engine/run-history.js';
import { Redactor } from '../engine/redaction.js';
import { changesHosts, chooseResume } from '../engine/resume-choice.js';
import { createRunner, type Runner } from '../engine/runner.js';
import { RunScope } from '../engine/scope.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { HostKeyGate } from '../transport/transport.js';
import { assessmentMarkdown } from '../report/assessment-markdown.js';
import { ensureSandbox, type SandboxConnection } from '../sandbox/ensure.js';
import type { AppServices, ExportKind, HostKeyAsk, HostStatus, RunRequest } from '../ui/app-services.js';
import { fallbackAssessReport } from '../ui/screens/assess/assess-markdown.js';
import { connectHosts, hostConnections, type HostConnections } from './host-connections.js';
import type { Session } from './run-session.js';
import { parseSmtpProbe, smtpProbeCommand, smtpProbeValues } from './smtp-probe.js';
import { appFactsScript, homeFactsOf, keyValues, smtpStateScript } from './tui-home-facts.js';
import {
  isSnapshotName,
  parseReleases,
  parseSnapshots,
  releasesScript,
  snapshotsScript,
} from './tui-releases.js';
import { sandboxNotes } from './tui-notes.js';
import { livePlan } from './tui-plan-facts.js';
import { sandboxFailure } from './sandbox-failure.js';
import { profileRepository, withRepositoryNote, type TuiRepository } from './tui-repository.js';

/** The services plus their lifecycle: `ready` once the hosts can be reached, `close` on exit. */
export type ConsoleServices = { services: AppServices; ready: Promise<void>; close: () => Promise<void> };

type World =
  | { kind: 'starting' }
  | {
      kind: 'ready';
      connections: HostConnections;
      runtimeVars: Record<string, string>;
      sandbox?: SandboxConnection;
    }
  | { kind: 'failed'; message: string };

/** The host with a role (app, observability), else the n-th host. */
function hostWithRole(profile: LoadedProfile, role: string, fallback: number): string {
  const entries = Object.entries(profile.hosts);
  return entries.find(([, host]) => host.roles.includes(role))?.[0] ?? entries[fallback]?.[0] ?? '';
}

/** The deploy lock's path and staleness from the runbook's first `lock` step. */
function lockSettings(profile: LoadedProfile): { path: string; staleAfter: number } | undefined {
  for (const step of profile.phases.flatMap((phase) => phase.steps)) {
    const action = profile.stepAction(step);
    if (action.kind === 'lock') return { path: action.lock.path, staleAfter: action.lock.stale_after };
  }
  return undefined;
}

const stamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);

export function createConsoleServices(session: Session): ConsoleServices {
  const { profile, home, operator } = session;
  const redactor = new Redactor();
  let world: World = { kind: 'starting' };
  // the snapshots the picker last listed (a rollback there may only name one of them); null before any
  // listing, e.g. `rollback --target observability --to NAME` on a terminal: the restore step checks the name
  let listedSnapshots: Set<string> | null = null;
  /** When each assess run started, for the report's duration. */
  const assessStarts = new Map<string, number>();
  /** The repository each assess run compares (read when the run is created). */
  const assessRepositories = new Map<string, TuiRepository>();
  /** The UI's answerer for unknown host keys; none installed means refuse (as headless does). */
  let askHostKey: HostKeyAsk | undefined;
  const hostKeyGate: HostKeyGate = async (question) =>
    askHostKey === undefined ? false : askHostKey({ ...question });

  const ready = (async () => {
    try {
      const sandbox = session.sandbox ?? (profile.servedBySandbox ? await ensureSandbox(home) : undefined);
      if (sandbox) session.sandbox = sandbox;
      world = {
        kind: 'ready',
        connections: hostConnections(profile, sandbox, { hostKeyGate }),
        runtimeVars: { ...sandbox?.runtimeVars, ...session.values?.overrides },
        ...(sandbox ? { sandbox } : {}),
      };
    } catch (error) {
      world = {
        kind: 'failed',
        message: sandboxFailure(home, error).join('; '),
      };
    }
  })();

  const live = async () => {
    await ready;
    if (world.kind !== 'ready') throw new Error(world.kind === 'failed' ? world.message : 'not ready');
    return world;
  };
  /** The sandbox's names of its generated commits (none in production: hashes are shown alone). */
  const commitNames = async () => (await live()).sandbox?.commitNames ?? {};
  const scopeOf = (runtimeVars: Record<string, string>) => new RunScope(profile, runtimeVars);
  /** Runs a read-only script on a host; a non-zero exit is an error naming the host and stderr. */
  const read = async (
    host: string,
    script: string,
    run: { user?: string; stdin?: string } = {},
  ): Promise<string> => {
    const { connections } = await live();
    const transport = connections.transports.get(host);
    if (!transport) throw new Error(`no host "${host}" in profile ${profile.name}`);
    const failure = await connectHosts(connections, [host]);
    if (failure !== null) throw new Error(failure);
    const result = await transport.exec({
      command: asUser(script, run.user),
      timeoutMs: 20_000,
      ...(run.stdin !== undefined ? { stdin: run.stdin } : {}),
    });
    if (result.code !== 0)
      throw new Error(
        `${host}: exit ${result.code}: ${redactor.redact(result.stderr.trim().split('\n').slice(-2).join(' '))}`,
      );
    return redactor.redact(result.stdout);
  };
  const appHost = hostWithRole(profile, 'app', 0);
  const obsHost = hostWithRole(profile, 'observability', 1);
  const variable = async (name: string): Promise<string> => {
    const value = scopeOf((await live()).runtimeVars).variable(name);
    if (value === undefined) throw new Error(`profile ${profile.name} has no var "${name}"`);
    return value;
  };

  const followersStop = new AbortController();
  const services: AppServices = {
    profile,
    profileName: session.ref,
    operator,
    get runtimeNotes() {
      if (world.kind === 'failed') return [world.message];
      return world.kind === 'ready' && world.sandbox ? sandboxNotes(world.sandbox) : [];
    },
    hosts: async () => {
      const { connections } = await live();
      return Promise.all(
        Object.keys(profile.hosts).map(async (name): Promise<HostStatus> => {
          const address = connections.endpoints.get(name) ?? '?';
          const failure = await connectHosts(connections, [name]);
          if (failure !== null) return { name, address, connected: false, error: failure };
          const info = await connections.transports.get(name)!.connect();
          return {
            name,
            address,
            connected: true,
            latencyMs: Math.round(info.connectMs),
            fingerprint: info.fingerprint,
            trust: info.trust,
          };
        }),
      );
    },
    homeFacts: async () => {
      const lock = lockSettings(profile);
      const scope = scopeOf((await live()).runtimeVars);
      const [app, obs] = await Promise.all([
        read(appHost, appFactsScript(await variable('app_base'), lock && scope.render(lock.path, 'plain'))),
        read(obsHost, smtpStateScript(`${await variable('obs_etc')}/alertmanager/alertmanager.yml`), {
          user: 'root',
        }).catch(() => 'smtp=unknown'),
      ]);
      return homeFactsOf(keyValues(app), keyValues(obs), lock?.staleAfter ?? 120, await commitNames());
    },
    createRun: (request: RunRequest, gates: Gates, signal: AbortSignal): Runner => {
      if (world.kind === 'starting')
        throw new Error(
          'the hosts are still being connected (the sandbox world is starting); try again in a moment',
        );
      if (world.kind === 'failed') throw new Error(world.message);
      const { connections, runtimeVars } = world;
      const common = {
        profile,
        transports: connections.transports,
        gates,
        operator,
        runtimeVars,
        profileDir: profile.dir,
        signal,
        stateDir: home,
        redactor,
      };
      switch (request.mode) {
        case 'deploy': {
          const plan = buildRunPlan(profile, {
            mode: 'deploy',
            ...(request.from ? { from: request.from } : {}),
          });
          if (!request.resume) return createRunner({ ...common, plan });
          const choice = chooseResume(
            home,
            changesHosts(profile),
            typeof request.resume === 'string' ? request.resume : undefined,
          );
          if (choice.kind !== 'chosen') throw new Error(choice.message);
          return createRunner({ ...common, plan, resume: choice.state });
        }
        case 'rollback': {
          const target = request.rollbackTarget ?? 'app';
          const plan = buildRunPlan(profile, { mode: 'rollback', target });
          const to = request.rollbackTo;
          if (target === 'observability' && to !== undefined) {
            if (!isSnapshotName(to))
              throw new Error(`"${to}" is not a snapshot name (a directory under obs_snapshots)`);
            if (listedSnapshots !== null && !listedSnapshots.has(to))
              throw new Error(
                `no observability snapshot ${to} on ${obsHost} (found: ${[...listedSnapshots].join(', ') || 'none'})`,
              );
          }
          const facts: Record<string, string> | undefined =
            to === undefined
              ? undefined
              : target === 'observability'
                ? { rollback_snapshot: to }
                : { rollback_target: to };
          return createRunner({ ...common, plan, ...(facts ? { initialFacts: facts } : {}) });
        }
        case 'verify':
          return createRunner({ ...common, plan: buildRunPlan(profile, { mode: 'verify' }) });
        case 'fix':
          return createRunner({
            ...common,
            plan: buildRunPlan(profile, { mode: 'fix', steps: request.fixSteps ?? [] }),
          });
        case 'assess': {
          // the profile's repository by default, as `assess --repo` compares it (its probes need HEAD)
          const repository = profileRepository(scopeOf(runtimeVars).variable('repo'));
          const runner = createRunner({
            ...common,
            plan: { mode: 'assess', probes: assessProbes(profile, repository.snapshot) },
          });
          assessStarts.set(runner.runId, performance.now());
          assessRepositories.set(runner.runId, repository);
          return runner;
        }
        default: {
          const unknown: never = request.mode;
          throw new Error(`unknown run mode ${String(unknown)}`);
        }
      }
    },
    deployPlan: async (from) => {
      const scope = scopeOf((await live()).runtimeVars);
      return livePlan({ profile, stateDir: home, scope, read, commitNames: await commitNames() }, from);
    },
    releases: async () =>
      parseReleases(
        await read(appHost, releasesScript(await variable('app_base'))),
        Date.now(),
        await commitNames(),
      ),
    snapshots: async () => {
      const listing = await read(obsHost, snapshotsScript(await variable('obs_snapshots')), { user: 'root' });
      const snapshots = parseSnapshots(listing);
      listedSnapshots = new Set(snapshots.map((snapshot) => snapshot.name));
      return snapshots;
    },
    testSmtp: async (values) => {
      const probe = smtpProbeValues(values);
      redactor.add(probe.password);
      const { script, stdin } = smtpProbeCommand(probe, obsHost);
      const output = await read(obsHost, script, { stdin }).catch(
        (error: Error) => `connect=${error.message}`,
      );
      return parseSmtpProbe(output, probe);
    },
    follow: async (host, onLine, signal) => {
      const logs = profile.logs[host];
      if (!logs) return;
      const { connections, runtimeVars } = await live();
      const command = asUser(scopeOf(runtimeVars).render(logs.command, 'command'), logs.user);
      const lines = redactor.lineRedactor();
      await connections.transports.get(host)?.exec({
        command,
        // Followers outlive runs (one per source for the console's life): quitting stops them.
        signal: AbortSignal.any([signal, followersStop.signal]),
        captureLimit: 0,
        onStdout: (line) => onLine(lines.line(line)),
        onStderr: (line) => onLine(lines.line(line)),
      });
    },
    assessReport: (summary) => {
      const started = assessStarts.get(summary.runId);
      const repository = assessRepositories.get(summary.runId) ?? { snapshot: null, note: null };
      try {
        return withRepositoryNote(
          assessmentMarkdown(
            buildAssessment({
              profile,
              runId: summary.runId,
              probes: summary.probes,
              snapshot: repository.snapshot,
              durationMs: started === undefined ? 0 : Math.round(performance.now() - started),
              commandsSent: null,
              journal: summary.journalPath,
              commitNames: world.kind === 'ready' ? (world.sandbox?.commitNames ?? {}) : {},
            }),
          ),
          repository.note,
        );
      } catch (error) {
        // A report that cannot be built still leaves the operator every probe's facts.
        return `${fallbackAssessReport(summary, session.ref)}\n\n(the full report failed: ${(error as Error).message})`;
      }
    },
    setHostKeyAsk: (ask) => {
      askHostKey = ask;
    },
    history: (limit) => runHistory(home, limit),
    readJournal: (path) => readJournalFile(path),
    exportMarkdown: async (kind: ExportKind, content: string) => {
      const dir = join(home, 'exports');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `${kind}-${stamp()}.md`);
      writeFileSync(path, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
      return path;
    },
  };
  return {
    services,
    ready,
    close: async () => {
      followersStop.abort();
      await ready;
      if (world.kind !== 'ready') return;
      await world.connections.close();
      if (world.sandbox?.owned) await world.sandbox.stop();
    },
  };
}
