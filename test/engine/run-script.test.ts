// A `run.script` step through the runner, in real bash: the script receives its values as shell variables the
// engine assigns (each value quoted, whatever it holds), its text is sent exactly as its file holds it, a
// secret stays on stdin, and the confirmation shows exactly the command that was sent.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmShown } from '../../source/engine/run/confirm-shown.js';
import type { RunEvent } from '../../source/engine/run/events.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import { createRunner } from '../../source/engine/run/runner.js';
import { RunScope } from '../../source/engine/run/run-scope.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { LocalBashTransport } from '../helpers/fake-transport.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-run-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every character that breaks a naive substitution: quotes, $( ), backticks, a newline, a glob, a backslash.
const hostile = `it's "a" $(touch pwned) \`id\` *;\n\\n & |`;
const secret = `pw'"$(touch leaked)`;
const script = [
  'set -eu',
  '. lib/show.sh',
  'show "$TARGET"',
  'show "${PLAIN}"',
  'password=$(cat)',
  'printf "password has %d characters\\n" "${#password}"',
  'ls',
  '',
].join('\n');

mkdirSync(join(dir, 'steps/lib'), { recursive: true });
writeFileSync(join(dir, 'steps/lib/show.sh'), 'show() { printf \'[%s]\\n\' "$1"; }\n');
writeFileSync(join(dir, 'steps/show.sh'), script);
mkdirSync(join(dir, 'host'));
writeFileSync(
  join(dir, 'p.yaml'),
  `name: scripted
hosts:
  app: { embedded: true }
vars:
  hostile: ${JSON.stringify(hostile)}
forms:
  smtp:
    title: SMTP
    fields: [{ id: password, label: Password, type: secret }]
phases:
  - id: p
    title: P
    steps:
      - { id: ask, title: Ask, host: console, form: smtp }
      - id: show
        title: Show the values
        host: app
        critical: true
        run:
          script: steps/show.sh
          env:
            TARGET: '{{hostile}}'
            PLAIN: 'run {{run_id}}'
          stdin: '{{smtp.password}}'
`,
);

describe('run.script through the runner', () => {
  it('assigns each env value quoted, sends the script as written, keeps the secret on stdin, confirms the exact command', async () => {
    const loaded = loadProfile(join(dir, 'p.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const profile = loaded.profile;
    const app = new LocalBashTransport('app', join(dir, 'host'));
    const confirmed: string[] = [];
    const gates = headlessGates({ yes: true, operator: 'tester', values: { smtp: { password: secret } } });
    const runner = createRunner({
      profile,
      plan: { mode: 'deploy', phases: profile.phases },
      transports: new Map([['app', app]]),
      gates: {
        ...gates,
        confirm: async (step, context) => {
          confirmed.push(context.command ?? '', context.shown?.command ?? '');
          return gates.confirm(step, context);
        },
      },
      operator: 'tester',
    });
    const events: RunEvent[] = [];
    runner.subscribe((event) => events.push(event));
    const summary = await runner.run();
    expect(summary.exitCode, JSON.stringify(events.filter((e) => e.type === 'step-finished'))).toBe(0);

    const runId = summary.runId;
    const quoted = `'${hostile.replaceAll("'", `'\\''`)}'`;
    const sent = [
      `TARGET=${quoted}`,
      `PLAIN='run ${runId}'`,
      '# steps/show.sh',
      script
        .replace(
          '. lib/show.sh',
          `# lib/show.sh (sourced, inlined by chom-console)\nshow() { printf '[%s]\\n' "$1"; }`,
        )
        .replace(/\n$/, ''),
    ].join('\n');
    expect(app.commands).toEqual([sent]);
    const output = events.flatMap((e) => (e.type === 'output' && e.stream === 'stdout' ? [e.line] : []));
    expect(output).toEqual([
      ...`[${hostile}]`.split('\n'),
      `[run ${runId}]`,
      `password has ${secret.length} characters`,
    ]);
    // nothing the values hold ran: no file was created by $( ) in the value or the secret
    expect(app.commands.join('\n')).not.toContain(secret);
    expect(confirmed).toEqual([sent, `${sent}\nstdin: ‹secret:smtp.password›`]);
  });

  it('shows the plan (values not known yet as placeholders) with the same prelude and script text', () => {
    const loaded = loadProfile(join(dir, 'p.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const profile = loaded.profile;
    const step = profile.phases[0]!.steps[1]!;
    const shown = confirmShown(profile, new RunScope(profile), step, profile.stepAction(step), (t) =>
      new Redactor().redact(t),
    );
    expect(shown.summary).toBe('run: steps/show.sh');
    expect(shown.command?.split('\n').slice(0, 3)).toEqual([
      `TARGET='${hostile.replaceAll("'", `'\\''`).split('\n')[0]}`,
      hostile.split('\n')[1]!.replaceAll("'", `'\\''`) + "'",
      `PLAIN='run ‹builtin:run_id›'`,
    ]);
    expect(shown.command).toContain('stdin: ‹secret:smtp.password›');
  });
});
