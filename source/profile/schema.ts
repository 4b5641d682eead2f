// The profile model of DESIGN.md as zod schemas. Every object is strict: a typo in a key is an error,
// never a silently ignored setting. Cross-references (hosts, forms, vars, facts) are checked by the
// loader after parsing, because they need the whole (merged) profile.
import { z } from 'zod';
import { partSchema } from './part-schema.js';
import { runActionSchema } from './run-action-schema.js';
import { formLiveSourceSchema, whenSchema } from './when-schema.js';

export { runActionSchema, type ScriptSource } from './run-action-schema.js';

/** A `{{…}}` template string; what may be interpolated depends on where it is used (see interpolate.ts). */
const template = z.string();
const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'an id of lowercase letters, digits, "-" or "_"');
const seconds = z.number().positive().max(86_400);
const fileMode = z.string().regex(/^0?[0-7]{3}$/, 'an octal mode such as "0640"');

/** A host reached over SSH, or served by the embedded sandbox world. */
const hostSchema = z.union([
  z.strictObject({
    embedded: z.literal(true),
    roles: z.array(z.string()).default([]),
    user: z.string().default('deploy'),
    description: z.string().optional(),
  }),
  z.strictObject({
    /** An address, or an alias of ~/.ssh/config (as given to `ssh`); a DNS name is at most 253 characters. */
    address: z.string().min(1).max(253),
    /** Port and user win over ~/.ssh/config (as `ssh -o`); unset, the config's apply, then OpenSSH's defaults. */
    port: z.number().int().min(1).max(65_535).optional(),
    user: z.string().min(1).optional(),
    roles: z.array(z.string()).default([]),
    /** `SHA256:…` as printed by `ssh-keygen -lf`; when set, known_hosts is not consulted. */
    fingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a fingerprint such as SHA256:abc… (43 base64 characters)')
      .optional(),
    identity: z.string().optional(),
    /** `[user@]bastion[:port]` (comma-separated for a chain), as OpenSSH's ProxyJump; default: ~/.ssh/config. */
    proxy_jump: z
      .string()
      .regex(
        /^(?:[^@\s,]+@)?(?:\[[^\]\s]+\]|[^:@\s,[\]]+)(?::\d{1,5})?(?:,(?:[^@\s,]+@)?(?:\[[^\]\s]+\]|[^:@\s,[\]]+)(?::\d{1,5})?)*$/,
        '[user@]host[:port], comma-separated for a chain (as OpenSSH ProxyJump)',
      )
      .optional(),
    description: z.string().optional(),
  }),
]);

const fieldBase = {
  id,
  label: z.string(),
  help: z.string().optional(),
  required: z.boolean().default(true),
};
const formFieldSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...fieldBase, type: z.literal('hostname'), default: z.string().optional() }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('port'),
    /** A number, or a template such as `{{sandbox_smtp_port}}` resolved when the form is asked. */
    default: z.union([z.number().int().min(1).max(65_535), template]).optional(),
  }),
  z.strictObject({ ...fieldBase, type: z.literal('email'), default: z.string().optional() }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('choice'),
    choices: z.array(z.string()).min(1),
    default: z.string().optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('string'),
    default: z.string().optional(),
    max_length: z.number().int().positive().optional(),
  }),
  /** Never interpolated into a command line; reaches hosts over stdin or as a 0600/0640 file. */
  z.strictObject({ ...fieldBase, type: z.literal('secret'), default: z.string().optional() }),
]);
export const formSchema = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  fields: z.array(formFieldSchema).min(1),
  /** Named live sources the form is pre-filled from (a `when: {skip_if: {unchanged: FORM.SOURCE}}` compares). */
  live: z.record(id, formLiveSourceSchema).optional(),
});

/** An expectation on a command's or request's result, shared by steps, checks and probes. */
const expectSchema = z.strictObject({
  exit: z.array(z.number().int()).optional(),
  status: z.array(z.number().int().min(100).max(599)).optional(),
  stdout_contains: z.array(z.string()).optional(),
  stdout_excludes: z.array(z.string()).optional(),
  stdout_matches: z.string().optional(),
  /** JSON path (dot-separated) → expected value (compared after JSON parsing). */
  json: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** Trimmed stdout compared to this value (after interpolation). */
  equals: template.optional(),
});

const httpActionSchema = z.strictObject({
  url: template,
  method: z.enum(['GET', 'POST', 'HEAD']).default('GET'),
  /** `console` requests from this machine; a host name requests from that host with curl. */
  from: z.string().default('console'),
  headers: z.record(z.string(), template).optional(),
  follow_redirects: z.boolean().default(false),
  expect_status: z.array(z.number().int().min(100).max(599)).default([200]),
  expect_json: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  timeout: seconds.optional(),
});

const uploadActionSchema = z.strictObject({
  /** A local file (relative to the profile's `repo` var or absolute). */
  source: template,
  to: template,
  mode: fileMode.default('0644'),
  owner: z.string().optional(),
  /** Copy the previous file to `<to>.bak-<run id>` before replacing it (once per deploy; N deploys kept). */
  backup: z.boolean().default(true),
});

/** The engine's own blue-green code. `base` holds `releases/`, `current` and `shared/`. */
const releaseActionSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('create'), base: template }),
  z.strictObject({
    op: z.literal('activate'),
    base: template,
    /** Commands run after the switch (reload php-fpm, nginx, workers). */
    after: z.array(template).default([]),
  }),
  z.strictObject({
    op: z.literal('rollback'),
    base: template,
    /** The release to return to; default: the target recorded before the switch. */
    to: template.optional(),
    after: z.array(template).default([]),
  }),
  z.strictObject({ op: z.literal('cleanup'), base: template, keep: z.number().int().min(2).default(5) }),
]);

const yamlScalar = z.union([z.string(), z.number(), z.boolean()]);
const configActionSchema = z.strictObject({
  /** The template on the host (already staged and hash-verified); rendered with the YAML Document API. */
  template: template,
  target: template,
  /** YAML path (dot-separated, `[n]` for sequence items) → value to set; comments are kept. */
  set: z
    .record(
      z.string(),
      z.union([
        yamlScalar,
        z.strictObject({ value: template, type: z.enum(['string', 'int', 'bool', 'hostport']) }),
      ]),
    )
    .default({}),
  /**
   * Substring replacements applied to every string scalar of the template before `set`: lets one runbook
   * serve production (identity: `/etc/observability` → itself) and the sandbox (→ its host root).
   */
  relocate: z.record(z.string(), template).default({}),
  /** YAML paths to delete (e.g. an inline password replaced by a password file). */
  unset: z.array(z.string()).default([]),
  /** Secrets written as files next to the target and referenced from the rendered config. */
  secret_files: z
    .array(
      z.strictObject({
        path: template,
        content: template,
        mode: fileMode.default('0640'),
        owner: z.string().optional(),
        reference: z.string().optional(),
      }),
    )
    .default([]),
  owner: z.string().optional(),
  mode: fileMode.default('0644'),
  /** The validator; `{{staged}}` is the staged file. Exit 0 means valid. */
  validate: template,
  reload: z.union([
    z.strictObject({ http: template }),
    z.strictObject({ signal: z.enum(['HUP']), unit: z.string() }),
    z.strictObject({ none: z.literal(true) }),
  ]),
  /** Prometheus-style metrics URL and the gauge that must read 1 after the reload. */
  confirm: z.strictObject({ metrics_url: template, metric: z.string() }).optional(),
});

const lockActionSchema = z.strictObject({
  path: template,
  /** Seconds without a heartbeat after which the lock is stale. */
  stale_after: seconds.default(120),
});

const onFailureSchema = z.strictObject({ rollback: z.enum(['app', 'observability', 'all']) });

const stepBase = {
  id,
  title: z.string(),
  /** A profile host name, or `console` for the operator's machine (http only). */
  host: z.string(),
  /** Needs the operator's confirmation (a dialog; headless: `--yes`). */
  critical: z.boolean().default(false),
  /** Default: true for every action that can change a host; probes set false. */
  mutates: z.boolean().optional(),
  /** For the confirmation dialog: what this step changes, and how to undo it. */
  changes: z.string().optional(),
  undo: z.string().optional(),
  /** Save trimmed stdout (or the response body) as a fact usable as `{{name}}` by later steps. */
  save_as: id.optional(),
  /** A saved fact that holds secrets at these JSON paths (they are redacted everywhere). */
  secret_paths: z.array(z.string()).optional(),
  on_failure: onFailureSchema.optional(),
  /** Skipped with its evidence when its target state is reached (when-schema.ts; no confirmation asked). */
  when: whenSchema.optional(),
  /** Why this step exists; shown in `plan` and in the runbook. */
  note: z.string().optional(),
};

/** A step has exactly one action; the loader enforces it and names the keys it found. */
const stepSchema = z.strictObject({
  ...stepBase,
  run: runActionSchema.optional(),
  http: httpActionSchema.optional(),
  upload: uploadActionSchema.optional(),
  form: id.optional(),
  release: releaseActionSchema.optional(),
  config: configActionSchema.optional(),
  lock: lockActionSchema.optional(),
  unlock: lockActionSchema.optional(),
});
export const actionKeys = ['run', 'http', 'upload', 'form', 'release', 'config', 'lock', 'unlock'] as const;

const phaseSchema = z.strictObject({
  id,
  title: z.string(),
  description: z.string().optional(),
  /** The whole phase skipped with its evidence when the condition holds (its steps are not asked). */
  when: whenSchema.optional(),
  steps: z.array(stepSchema).min(1),
});

const checkGroupSchema = z.enum(['Application', 'Observability', 'Integration']);
const checkSchema = z.strictObject({
  id,
  group: checkGroupSchema,
  title: z.string(),
  /** One line: what a failure of this criterion means for the operator. */
  explain: z.string(),
  host: z.string(),
  run: runActionSchema.optional(),
  http: httpActionSchema.optional(),
  expect: expectSchema.default({}),
  /** The id of a deploy step that repairs what this check finds (the checklist offers to run it). */
  fix: z.string().optional(),
});

/** How a probe's output becomes named facts for the assessment report. */
const parseSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), fact: z.string() }),
  z.strictObject({ kind: z.literal('int'), fact: z.string() }),
  z.strictObject({ kind: z.literal('lines'), fact: z.string() }),
  z.strictObject({ kind: z.literal('basename'), fact: z.string() }),
  z.strictObject({
    kind: z.literal('keyvalue'),
    facts: z.record(z.string(), z.string()),
    /** List facts: every `key=value` line of that key, in order (one probe can then give several lists). */
    lists: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({ kind: z.literal('json'), facts: z.record(z.string(), z.string()) }),
  z.strictObject({
    kind: z.literal('regex'),
    pattern: z.string(),
    facts: z.record(z.string(), z.string()),
  }),
]);
const probeSchema = z.strictObject({
  id,
  title: z.string(),
  host: z.string(),
  run: runActionSchema.optional(),
  http: httpActionSchema.optional(),
  parse: parseSchema,
});

const rollbackTargetSchema = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  steps: z.array(stepSchema).min(1),
});

const logFollowSchema = z.strictObject({
  /** A long-running read-only command whose output the host's pane shows between steps. */
  command: template,
  user: z.string().optional(),
});

const settingsSchema = z.strictObject({
  /** Production: the operator types the host name to confirm a critical step. */
  type_host_to_confirm: z.boolean().default(false),
});

/** A fact a config step reads, predicted from the form values as the app will store and return it. */
const predictedFactSchema = z.union([
  template,
  /** `int`: the app casts to an integer (PHP `(int)`); a value that would read back otherwise is refused. */
  z.strictObject({ value: template, type: z.enum(['string', 'int']) }),
  /** A value derived by a later step, as a table (e.g. encryption → smtp_require_tls). */
  z.strictObject({ value: template, map: z.record(z.string(), z.string()) }),
]);

/**
 * The value pre-flight of a deploy (before phase 1, before anything changes): a config step rendered with
 * the entered values and validated on its host without writing a file there.
 */
const preflightConfigSchema = z.strictObject({
  /** The id of the `config` step whose rendering is proven. */
  config: z.string(),
  /** Where its template is on the console's machine before phase 1 stages it. */
  template: template,
  /** Run on the step's host with the rendered config on stdin (e.g. `amtool check-config /dev/stdin`). */
  validate: template,
  /** `fact.path` → its prediction, for every fact the step reads that is not known before the run. */
  facts: z.record(z.string(), predictedFactSchema).default({}),
  /**
   * YAML paths of address fields in the rendered config: `one` e-mail address (from), a `list` (to), or a
   * `smarthost` (host:port as Alertmanager dials it).
   */
  addresses: z.record(z.string(), z.enum(['one', 'list', 'smarthost'])).default({}),
});

export const profileSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  description: z.string().optional(),
  extends: z.string().optional(),
  /** Names the caller supplies at run time (`{{name}}`); the sandbox's own are implied by embedded hosts. */
  runtime_vars: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name of letters, digits or "_"'))
    .default([]),
  settings: settingsSchema.default({ type_host_to_confirm: false }),
  hosts: z.record(z.string(), hostSchema),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  forms: z.record(z.string(), formSchema).default({}),
  phases: z.array(phaseSchema).min(1),
  checks: z.array(checkSchema).default([]),
  assess: z.array(probeSchema).default([]),
  rollback: z
    .strictObject({ app: rollbackTargetSchema, observability: rollbackTargetSchema })
    .partial()
    .default({}),
  logs: z.record(z.string(), logFollowSchema).default({}),
  preflight: z.array(preflightConfigSchema).default([]),
  parts: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a name of lowercase letters, digits or "-"'), partSchema)
    .default({}),
});

export type FormField = z.infer<typeof formFieldSchema>;
export type Form = z.infer<typeof formSchema>;
export type RunAction = z.infer<typeof runActionSchema>;
export type HttpAction = z.infer<typeof httpActionSchema>;
export type UploadAction = z.infer<typeof uploadActionSchema>;
export type ReleaseAction = z.infer<typeof releaseActionSchema>;
export type ConfigAction = z.infer<typeof configActionSchema>;
export type LockAction = z.infer<typeof lockActionSchema>;
export type Expect = z.infer<typeof expectSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type Check = z.infer<typeof checkSchema>;
export type CheckGroup = z.infer<typeof checkGroupSchema>;
export type Probe = z.infer<typeof probeSchema>;
export type ProbeParse = z.infer<typeof parseSchema>;
export type Profile = z.infer<typeof profileSchema>;
export type PreflightConfig = z.infer<typeof preflightConfigSchema>;
export type RollbackScope = z.infer<typeof onFailureSchema>['rollback'];
