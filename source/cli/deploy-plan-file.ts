// `deploy --plan FILE`: the plan file read and checked before connecting (JSON, unchanged since it was
// written, its version), the deploy's phases, commit and vars taken from it, then — hosts open — the
// profile's steps and commands compared with the file's, and the guard the runner asks once it holds the
// deploy lock: the deciding facts re-read, refused (exit 5) naming each one that moved.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { movedFacts } from '../engine/plan/deciding-facts.js';
import type { LivePlan } from '../engine/plan/live-plan.js';
import { offlineFacts } from '../engine/plan/plan-facts.js';
import { maxPlanBytes, planMismatch, readPlanFile, shown } from '../engine/plan/plan-file.js';
import { Redactor } from '../engine/run/redaction.js';
import type { PlanGuardAnswer } from '../engine/run/run-types.js';
import type { Transport } from '../transport/transport.js';
import { liveDeployPlan, plannedCommands } from '../report/live-plan-document.js';
import { planHosts } from '../engine/plan/deploy-plan.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { readLive } from './live-plan-read.js';

/** The options `--plan` fixes: given with it, they would make another deploy than the one planned. */
type Fixed = { from?: string; only?: string; commit?: string; var?: string[]; resume?: boolean | string };

/** Reads FILE for `deploy --plan`; a refusal says what is wrong and what to do (exit 2, nothing connected). */
export function loadPlanFile(
  file: string,
  cwd: string,
  given: Fixed,
): { ok: true; plan: LivePlan } | { ok: false; message: string } {
  const clash = (['from', 'only', 'commit', 'var', 'resume'] as const).filter(
    (name) => given[name] !== undefined,
  );
  if (clash.length > 0)
    return {
      ok: false,
      message: `refused: --plan applies the phases, part, commit and vars its plan was made with; drop ${clash.map((n) => `--${n}`).join(', ')} (or make a new plan with them: chom-console plan --live ${clash.map((n) => `--${n} …`).join(' ')} --out FILE)`,
    };
  const path = resolve(cwd, file);
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > maxPlanBytes)
      return {
        ok: false,
        message: `refused: plan file ${path}: larger than ${maxPlanBytes} bytes, not a plan`,
      };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      message: `refused: plan file ${path}: ${code === 'ENOENT' ? 'no such file' : shown((error as Error).message)}; make one with \`chom-console plan --live --out FILE\``,
    };
  }
  const read = readPlanFile(text, path);
  return read.ok ? read : { ok: false, message: `refused: ${read.message}` };
}

/** The deploy options the plan fixes. */
export function planRequestOptions(plan: LivePlan): Fixed {
  return {
    ...(plan.request.from !== null && { from: plan.request.from }),
    ...(plan.request.only !== null && { only: plan.request.only }),
    ...(plan.request.commit !== null && { commit: plan.request.commit }),
    ...(plan.request.vars.length > 0 && { var: plan.request.vars }),
  };
}

/**
 * Why this deploy is not the file's plan: its profile and hosts (before connecting: no runtime vars), then its
 * steps and commands (with the runtime vars of the open hosts); null when it is.
 */
export function planFileMismatch(
  plan: LivePlan,
  profile: LoadedProfile,
  runtimeVars?: Record<string, string>,
): string | null {
  if (runtimeVars === undefined)
    return planMismatch(plan, { profile: profile.name, hosts: planHosts(profile) });
  const facts = offlineFacts(profile, { variable: () => undefined, history: () => [] });
  const deploy = liveDeployPlan(profile, runtimeVars, facts, plan.request);
  return planMismatch(plan, {
    profile: profile.name,
    hosts: deploy.hosts,
    steps: plannedCommands(profile, runtimeVars, deploy),
  });
}

/** The runner's plan guard: re-reads the deciding facts the way `plan --live` read them. */
export function planGuard(
  plan: LivePlan,
  input: {
    profile: LoadedProfile;
    transports: ReadonlyMap<string, Transport>;
    runtimeVars: Record<string, string>;
    stateDir: string;
  },
): () => Promise<PlanGuardAnswer> {
  return async () => {
    const now = await readLive({
      ...input,
      redactor: new Redactor(),
      ...(plan.request.from !== null && { from: plan.request.from }),
      ...(plan.request.only !== null && { only: plan.request.only }),
    });
    const moved = movedFacts(plan.deciding, now.deciding);
    if (moved.length === 0)
      return {
        moved: false,
        note: `plan: the ${plan.deciding.length} deciding facts are as planned (${plan.fingerprint}); applying the plan made ${plan.madeAt}`,
      };
    return {
      moved: true,
      message: `the live state moved since the plan was made: ${moved.join('; ')}. Refused before changing anything. Make a new plan (chom-console plan --live --out FILE), review it, then deploy --plan FILE`,
    };
  };
}
