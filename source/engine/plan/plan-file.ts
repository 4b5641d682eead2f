// Reading a plan file for `deploy --plan`: JSON of the live plan's version, unchanged since `plan --live
// --out` wrote it (its digest), for this profile and these hosts, with the steps and commands the profile
// gives today. Every refusal says what is wrong, where, and what to do; nothing in the file is ever run as
// written: the apply runs the profile's own steps, and only when they are exactly the file's.
import { z } from 'zod';
import { fingerprintOf } from './deciding-facts.js';
import type { PlanHost } from './deploy-plan.js';
import { digestOf, livePlanSchema, type LivePlan, type PlannedCommand } from './live-plan.js';

/** Larger than any real plan by far: a bigger file is not one. */
export const maxPlanBytes = 8 * 1024 * 1024;

const sha = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const fileSchema = z.strictObject({
  schema: z.literal(livePlanSchema),
  madeAt: z.string(),
  madeBy: z.string(),
  profile: z.string().min(1),
  hosts: z.array(
    z.strictObject({
      name: z.string(),
      address: z.string(),
      user: z.string().nullable(),
      embedded: z.boolean(),
    }),
  ),
  request: z.strictObject({
    from: z.string().nullable(),
    only: z.string().nullable(),
    commit: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/)
      .nullable(),
    vars: z.array(z.string()),
  }),
  deploy: z.object({ schema: z.literal('chom-console/deploy-plan@1') }).loose(),
  critical: z.array(z.string()),
  steps: z.array(
    z.strictObject({
      phase: z.string(),
      step: z.string(),
      host: z.string(),
      action: z.string(),
      critical: z.boolean(),
      disposition: z.enum(['run', 'ask', 'skip', 'unknown']),
      reason: z.string().nullable(),
      command: z.string(),
    }),
  ),
  deciding: z.array(
    z.strictObject({ name: z.string(), label: z.string(), value: z.string(), why: z.string().optional() }),
  ),
  fingerprint: sha,
  digest: sha,
});

/** A plan file, or why it cannot be applied. */
export type PlanFileRead = { ok: true; plan: LivePlan } | { ok: false; message: string };

/** A value from the file as a message may show it: quoted, control characters escaped, cut short. */
export function shown(value: unknown): string {
  const text = JSON.stringify(String(value)) ?? '""';
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

const remake = 'make a new one with `chom-console plan --live --out FILE`';

/** Parses and checks the text of the plan file `where` (its path, for messages). */
export function readPlanFile(text: string, where: string): PlanFileRead {
  const refuse = (why: string): PlanFileRead => ({ ok: false, message: `plan file ${where}: ${why}` });
  if (Buffer.byteLength(text) > maxPlanBytes)
    return refuse(`larger than ${maxPlanBytes} bytes: not a plan file; ${remake}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse(`not JSON (${shown((error as Error).message)}); ${remake}`);
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || schema !== livePlanSchema)
    return refuse(
      `not a plan of \`plan --live --out\` (schema ${schema === undefined ? 'missing' : shown(schema)}, expected ${livePlanSchema}); ${remake}`,
    );
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') || '(top)';
    return refuse(`field ${shown(path)}: ${issue?.message ?? 'invalid'}; ${remake}`);
  }
  const document = data as Record<string, unknown>;
  if (digestOf(document) !== parsed.data.digest)
    return refuse(
      `its contents changed after \`plan --live --out\` wrote it (the digest does not match); ${remake}`,
    );
  if (fingerprintOf(parsed.data.deciding) !== parsed.data.fingerprint)
    return refuse(`its fingerprint does not match its deciding facts; ${remake}`);
  return { ok: true, plan: document as unknown as LivePlan };
}

/** What the apply would run today, to compare with the file. */
export type ApplyTarget = { profile: string; hosts: PlanHost[]; steps?: PlannedCommand[] };

const hostLine = (h: PlanHost): string => `${h.name}=${h.address}`;

/**
 * Why the file is not a plan of this deploy (another profile, other hosts, other steps or commands); null when
 * it is. Without `steps`, only the profile and hosts (before connecting). Dispositions are not compared here: they follow from the deciding facts, which the fingerprint covers.
 */
export function planMismatch(plan: LivePlan, now: ApplyTarget): string | null {
  if (plan.profile !== now.profile)
    return `the plan is for profile ${shown(plan.profile)}, this deploy uses profile ${shown(now.profile)}: use --profile ${shown(plan.profile)} or make a plan for this profile`;
  const planned = plan.hosts.map(hostLine).join(', ');
  const hosts = now.hosts.map(hostLine).join(', ');
  if (planned !== hosts)
    return `the plan was made for hosts ${shown(planned)}, this profile reaches ${shown(hosts)}; ${remake}`;
  if (now.steps === undefined) return null;
  const differ: string[] = [];
  const count = Math.max(plan.steps.length, now.steps.length);
  for (let i = 0; i < count; i++) {
    const a = plan.steps[i];
    const b = now.steps[i];
    if (a?.step !== b?.step || a?.host !== b?.host)
      differ.push(`step ${shown(a?.step ?? b?.step)}: not the same step`);
    else if (a?.command !== b?.command) differ.push(`step ${shown(a?.step)}: its command is not the plan's`);
  }
  if (differ.length === 0) return null;
  return `the profile's steps are not the plan's (the profile, a var or the sandbox's ports changed since the plan): ${differ.slice(0, 5).join('; ')}${differ.length > 5 ? `; and ${differ.length - 5} more` : ''}; ${remake}`;
}
