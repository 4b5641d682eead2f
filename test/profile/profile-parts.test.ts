// `parts:` (deploy --only NAME) are validated like the rest of the profile: an unknown phase or step is named
// with file:line:column and the closest id, and a part that cannot run alone (a value one of its steps uses is
// set only outside it) is refused at load time, naming the step to add.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../source/profile/profile-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-parts-'));
const base = `name: parts
hosts:
  app: { address: 127.0.0.1, user: deploy }
forms:
  smtp: { title: SMTP, fields: [{ id: host, label: Host, type: hostname }] }
phases:
  - id: ask
    title: Ask
    steps:
      - { id: smtp-form, title: Form, host: console, form: smtp }
  - id: apply
    title: Apply
    steps:
      - { id: store, title: Store, host: app, run: { command: 'store {{smtp.host}}' } }
`;
function issues(parts: string): string[] {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `${base}parts:\n${parts}`);
  const result = loadProfile(file);
  return result.ok ? [] : result.issues.map((i) => `${i.line}:${i.column} ${i.message}`);
}

describe('parts:', () => {
  it('accepts a part whose steps find every value they use inside it', () => {
    expect(issues('  mail: { title: Mail, phases: [apply], steps: [smtp-form] }\n')).toEqual([]);
  });

  it('names an unknown phase or step where it is written, with the closest id', () => {
    expect(issues('  mail:\n    title: Mail\n    phases: [aply]\n    steps: [smtp-from]\n')).toEqual([
      '18:14 expected the id of a phase (ask, apply), found "aply"; did you mean "apply"?',
      '19:13 expected the id of a step under phases (smtp-form, store), found "smtp-from"; did you mean "smtp-form"?',
    ]);
  });

  it('refuses a part that cannot run alone, naming the value and the step that sets it', () => {
    expect(issues('  mail:\n    title: Mail\n    phases: [apply]\n')).toEqual([
      '18:13 expected a part that can run alone, found {{smtp.host}} in step store set only outside it; add "smtp-form" to its steps',
    ]);
  });

  it('refuses a part name that is not a plain lowercase word', () => {
    expect(issues('  "Mail; rm": { title: Mail, phases: [apply], steps: [smtp-form] }\n')[0]).toMatch(
      /^16:3 .*lowercase letters, digits or "-"/,
    );
  });
});

describe('parts: inherited through extends', () => {
  it('are dropped with a note when the child replaces the phases they name; a part the child declares stays checked', () => {
    const child = join(dir, 'child.yaml');
    const phases = `phases:\n  - { id: only, title: Only, steps: [{ id: s, title: S, host: app, run: { command: 'true' } }] }\n`;
    writeFileSync(child, `name: child\nextends: ${join(dir, 'parent.yaml')}\n${phases}`);
    writeFileSync(
      join(dir, 'parent.yaml'),
      `${base}parts:\n  mail: { title: Mail, phases: [apply], steps: [smtp-form] }\n`,
    );
    const result = loadProfile(child);
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
    expect(result.profile.parts).toEqual({});
    expect(result.notes.map((note) => note.message)).toEqual([
      `part "mail" is not offered by this profile: apply, smtp-form not under its phases (they replace the ones of ${result.notes[0]?.file})`,
    ]);
    writeFileSync(
      child,
      `name: child\nextends: ${join(dir, 'parent.yaml')}\n${phases}parts:\n  mine: { title: Mine, phases: [gone] }\n`,
    );
    const own = loadProfile(child);
    expect(own.ok ? [] : own.issues.map((i) => i.message)).toEqual([
      'expected the id of a phase (only), found "gone"',
    ]);
  });
});
