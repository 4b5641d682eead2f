// The document of `plan --live` (and the file `--out` writes, which `deploy --plan` applies): the deploy plan
// of the live hosts, each step's exact command, the pending migrations classified, and the deciding facts
// with their fingerprint. `digest` covers the whole document, so a file edited or garbled after it was
// written is refused; the fingerprint covers the deciding facts, so a world that moved is refused.
import { createHash } from 'node:crypto';
import type { DecidingFact } from './deciding-facts.js';
import type { DeployPlan, PlanHost } from './deploy-plan.js';
import type { StepDisposition } from './plan-disposition.js';
import type { Known, PlanFacts } from './plan-facts.js';
import type { ConfigIdentity } from './config-identity.js';
import type { PlannedMigration } from './plan-migrations.js';

/** Everything a live plan decides on, as read from the hosts and the local checkout. */
export type LiveRead = {
  facts: PlanFacts;
  identities: Known<ConfigIdentity[]>;
  migrations: Known<PlannedMigration[]>;
  deciding: DecidingFact[];
};

/** Version of the document (`schema`); `deploy` inside is `chom-console/deploy-plan@1`. */
export const livePlanSchema = 'chom-console/live-plan@1';

/** One step as the apply will send it. */
export type PlannedCommand = {
  phase: string;
  step: string;
  host: string;
  action: string;
  critical: boolean;
  disposition: StepDisposition['kind'];
  /** Why it is skipped (skip), or what it waits on (unknown). */
  reason: string | null;
  /** The exact command (run, config validation) or what the action does; `‹fact:…›` is known during the run. */
  command: string;
};

/** What the plan was made for: `deploy --plan` runs with these (and refuses other ones). */
export type PlanRequest = {
  from: string | null;
  /** `--only PART`: a partial deploy. */
  only: string | null;
  commit: string | null;
  vars: string[];
};

/** The document. */
export type LivePlan = {
  schema: typeof livePlanSchema;
  madeAt: string;
  madeBy: string;
  profile: string;
  hosts: PlanHost[];
  request: PlanRequest;
  /** The deploy plan model: dispositions, commits, the pending migrations classified (`classified`), configs. */
  deploy: DeployPlan;
  steps: PlannedCommand[];
  /** Ids of the critical steps that run (each asks, or needs --yes headless). */
  critical: string[];
  deciding: DecidingFact[];
  fingerprint: string;
  /** sha256 of this document without `digest`, as JSON: detects a file changed after it was written. */
  digest: string;
};

/** The digest of a document (its `digest` field left out). */
export function digestOf(document: Record<string, unknown>): string {
  const { digest: _left, ...rest } = document;
  return `sha256:${createHash('sha256').update(JSON.stringify(rest)).digest('hex')}`;
}
