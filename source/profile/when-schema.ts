// The `when:` grammar of a step or phase, and the live sources a form is pre-filled from. Deliberately tiny:
// a fixed set of named conditions over facts the engine reads, combined with any/all; no expressions, no
// eval (docs/when.md). The loader checks the names the conditions refer to (reference-checks.ts).
import { z } from 'zod';
import { runActionSchema } from './run-action-schema.js';

const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'an id of lowercase letters, digits, "-" or "_"');
const regex = z.string().refine((source) => {
  try {
    new RegExp(source, 'm');
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

/** One condition that holds when the step's target state is already reached. */
export type WhenCondition =
  /** The target commit's migrations have all run on the live database. */
  | { pending_migrations: 'none' }
  /** This config step's rendered files (secret files included) are byte-identical to the live ones. */
  | { config: 'identical' }
  /** `form.source`: the values the run would store equal the live ones that source reads. */
  | { unchanged: string }
  /** A fact (saved earlier with save_as) has a line matching `matches`. */
  | { fact: string; matches: string }
  | { any: WhenCondition[] }
  | { all: WhenCondition[] };

/** The condition keys; `fact` goes with `matches`. */
const conditionKeys = ['pending_migrations', 'config', 'unchanged', 'fact', 'any', 'all'] as const;

/**
 * One strict mapping with every condition key optional, then exactly one of them: a typo is then an
 * unknown key with a "did you mean" (a union of mappings would report the branch it guessed instead).
 */
const whenConditionSchema: z.ZodType<WhenCondition> = z.lazy(() =>
  z
    .strictObject({
      pending_migrations: z.literal('none').optional(),
      config: z.literal('identical').optional(),
      unchanged: z
        .string()
        .regex(/^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*$/, 'FORM.SOURCE (e.g. smtp.stored)')
        .optional(),
      fact: id.optional(),
      matches: regex.optional(),
      any: z.array(whenConditionSchema).min(1).optional(),
      all: z.array(whenConditionSchema).min(1).optional(),
    })
    .superRefine(
      (condition, ctx) => {
        const found = conditionKeys.filter((key) => condition[key] !== undefined);
        if (found.length !== 1)
          ctx.addIssue({
            code: 'custom',
            message: `expected exactly one condition (one of: ${conditionKeys.join(', ')}), found ${found.length === 0 ? 'none' : found.join(' and ')}`,
          });
        else if ((condition.fact === undefined) !== (condition.matches === undefined))
          ctx.addIssue({
            code: 'custom',
            message: 'expected `fact` and `matches` together (a fact whose line matches)',
          });
      },
      { when: (payload) => payload.issues.length === 0 },
    )
    .transform((condition) => condition as WhenCondition),
);

/**
 * `when:` on a step or phase. `skip_if`: skipped, with its evidence, when the condition holds; run when it
 * does not or cannot be read (a missing fact never skips a change silently). The older form runs the step
 * only when a line of a saved fact matches `matches`, else skips saying `else`.
 */
export const whenSchema = z.union([
  z.strictObject({ skip_if: whenConditionSchema }),
  z.strictObject({ fact: id, matches: regex, else: z.string().min(1) }),
]);
export type When = z.infer<typeof whenSchema>;

/**
 * Where a form's current values are read on the hosts (read-only): a command whose stdout is JSON or YAML,
 * and the path of each field in it. A secret field read here is kept in memory, never shown.
 */
export const formLiveSourceSchema = z.strictObject({
  host: z.string(),
  note: z.string().optional(),
  run: runActionSchema,
  /** Field id → path in the parsed output (`data.host`, `receivers[1].email_configs[0].to`). */
  fields: z.record(id, z.string().min(1)),
});
export type FormLiveSource = z.infer<typeof formLiveSourceSchema>;
