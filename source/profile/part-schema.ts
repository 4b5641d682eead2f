// The `parts:` section of a profile (deploy --only NAME).
import { z } from 'zod';

/**
 * A partial deploy by name (`deploy --only NAME`): the phases it runs, in the runbook's order, plus single
 * steps of other phases it needs (the form whose values its configs use). Checked to run alone
 * (part-checks.ts): every fact and form value its steps use is set by a step of the part.
 */
export const partSchema = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  phases: z.array(z.string()).min(1),
  steps: z.array(z.string()).default([]),
});

export type Part = z.infer<typeof partSchema>;
