// What the terminal UI needs from the outside world. The composition root (cli.tsx) implements it with
// real transports; tests implement it with the real engine over fake transports. The UI never imports
// the transport: everything that touches a host arrives through these functions.
import type { DeployPlan } from '../engine/plan/deploy-plan.js';
import type { Gates } from '../engine/run/gates.js';
import type { JournalRead } from '../engine/run/journal.js';
import type { RoundTripSample } from '../engine/run/round-trip-watch.js';
import type { RunHistory } from '../engine/run/run-history.js';
import type { Runner, RunSummary } from '../engine/run/runner.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';

/** A host as the home screen shows it. */
export type HostStatus = {
  name: string;
  address: string;
  connected: boolean;
  latencyMs?: number;
  /** `SHA256:…` of the verified host key. */
  fingerprint?: string;
  trust?: 'known-hosts' | 'pinned' | 'accepted' | 'embedded';
  /** Why the host is not connected, with what to do next. */
  error?: string;
};

/** The deploy lock on the app host, as last seen. */
export type LockFact =
  | { kind: 'unknown' }
  | { kind: 'free' }
  | { kind: 'ours' }
  | { kind: 'held'; owner: string; ageMs: number; stale: boolean };

/** Live facts for the home screen; undefined fields are shown as "unknown". */
export type HomeFacts = {
  /** Live release on the app host (landsraad) and its commit (with the seed's name in the sandbox). */
  liveRelease?: string;
  liveCommit?: string;
  /** SMTP state on the observability host (mentat), e.g. "configured (smtp.example.org:587)". */
  smtp?: string;
  lock: LockFact;
};

/** What the operator asked to run. */
export type RunRequest = {
  mode: 'deploy' | 'verify' | 'rollback' | 'assess' | 'fix';
  /** Fix: the deploy steps to run on their own (a check's `fix:`). */
  fixSteps?: readonly string[];
  /** Deploy: start at this phase. */
  from?: string;
  /** Deploy: run only this part of the profile's `parts:` (`deploy --only NAME`). */
  only?: string;
  /** Deploy: continue the newest resumable run (true) or the run with this id. */
  resume?: boolean | string;
  rollbackTarget?: 'app' | 'observability' | 'all';
  /** Rollback: the release (app) or snapshot (observability) to return to. */
  rollbackTo?: string;
};

/** One application release on the app host. */
export type ReleaseInfo = {
  name: string;
  commit?: string;
  /** The seed report's name of the commit, where it has one (the sandbox's generated commits: 7f572d2, …). */
  seedName?: string;
  message?: string;
  /** Human age such as "3d" or "2h". */
  age?: string;
  live: boolean;
  /** Migrations added after this release (they stay applied after a rollback). */
  migrationsSince: string[];
  /** Has `.release-complete` (or `.deployment-info` from before the console). */
  complete: boolean;
};

/** One observability configuration snapshot (backup) on the observability host. */
export type SnapshotInfo = { name: string; age?: string; description?: string; live?: boolean };

/** What can be exported to Markdown. */
export type ExportKind = 'checklist' | 'assessment' | 'commands' | 'log';

/** A host key seen for the first time (not in known_hosts, not pinned): the operator trusts it or not. */
export type HostKeyQuestion = {
  /** Profile host name. */
  host: string;
  address: string;
  port: number;
  /** e.g. `ssh-ed25519`. */
  keyType: string;
  /** `SHA256:…` of the presented key. */
  fingerprint: string;
};

/** Answers a {@link HostKeyQuestion}: true trusts the key (it is recorded in known_hosts). */
export type HostKeyAsk = (question: HostKeyQuestion) => Promise<boolean>;

/** Everything the UI asks of the world. */
export type AppServices = {
  profile: LoadedProfile;
  profileName: string;
  /** Shown on home: sandbox demo credentials, stand-in labels. */
  runtimeNotes?: string[];
  /** Who confirms (journal `by`): the composition root knows the operator (cli/home-session.ts). */
  operator: string;
  hosts(): Promise<HostStatus[]>;
  homeFacts(): Promise<HomeFacts>;
  /** Builds the plan and the transports and returns a runner; may throw a PlanError (shown on home). */
  createRun(request: RunRequest, gates: Gates, signal: AbortSignal): Runner;
  /** The deploy's pre-flight plan from read-only facts (engine/plan/deploy-plan.ts); nothing changes a host. */
  deployPlan?(from?: string, only?: string): Promise<DeployPlan>;
  releases(): Promise<ReleaseInfo[]>;
  snapshots(): Promise<SnapshotInfo[]>;
  testSmtp?(values: Record<string, string>): Promise<{ ok: boolean; message: string }>;
  /** Follows the host's `logs` command, line by line, until `signal` aborts. */
  follow?(host: string, onLine: (line: string) => void, signal: AbortSignal): Promise<void>;
  /** The assessment report (Markdown) for a finished assess run. */
  assessReport?(summary: RunSummary): string;
  /** Writes Markdown to a file and returns its path. */
  exportMarkdown(kind: ExportKind, content: string): Promise<string>;
  /**
   * Installs who answers unknown host keys (the UI's dialog); undefined uninstalls it. Without an answerer
   * an unknown key is refused; a changed key is always refused and never asked about.
   */
  setHostKeyAsk?(ask: HostKeyAsk | undefined): void;
  /** The newest `limit` runs journalled under the state directory (engine/run/run-history.ts). */
  history?(limit: number): RunHistory;
  /** A run's journal, to reopen its screen read-only. */
  readJournal?(path: string): JournalRead;
  /**
   * Live round trips over the hosts' open connections (engine/run/round-trip-watch.ts), sampled while subscribed;
   * returns the unsubscribe. Never opens a connection.
   */
  watchRoundTrips?(listener: (samples: ReadonlyMap<string, RoundTripSample>) => void): () => void;
};
