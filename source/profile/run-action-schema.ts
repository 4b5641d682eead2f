// The `run` action's schema: a command written in the YAML, or a script file beside the profile with the
// values it receives (`env`). Kept apart from schema.ts, which imports it, to keep each file one screenful.
import { z } from 'zod';

const template = z.string();
const seconds = z.number().positive().max(86_400);

/** A `run.script` as written; the loader adds its text (sourced library files inlined, script-files.ts). */
export type ScriptSource = { path: string; text?: string };

/** Run on the step's host: `command` (bash, interpolated values shell-quoted) or `script` (a file, see env). */
export const runActionSchema = z
  .strictObject({
    command: template.optional(),
    /** A bash file beside the profile (relative to the file that names it), sent as written: never interpolated. */
    script: z
      .string()
      .regex(/^[^/~].*\.sh$/, 'a relative path to a .sh file, such as production/backup.sh')
      .transform((path): ScriptSource => ({ path }))
      .optional(),
    /** For `script`: NAME → template, rendered and assigned shell-quoted before the script (never a secret). */
    env: z
      .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an upper-case name such as APP_BASE'), template)
      .optional(),
    /** Run as this user through `sudo -n -u USER` (root: `sudo -n`). Default: the login user. */
    user: z.string().optional(),
    cwd: template.optional(),
    /** Written to the command's stdin and closed: the only place a secret may be interpolated. */
    stdin: template.optional(),
    timeout: seconds.optional(),
    expect_exit: z.array(z.number().int().min(0).max(255)).default([0]),
  })
  // neither: reported as the missing `command` (the common case), beside an unknown key such as `comand`;
  // both is the loader's to report (script-files.ts), with its own words
  .check((ctx) => {
    if (ctx.value.command === undefined && ctx.value.script === undefined)
      ctx.issues.push({ code: 'invalid_type', expected: 'string', input: undefined, path: ['command'] });
  });
