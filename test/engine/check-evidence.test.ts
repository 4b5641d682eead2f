// Issue 13 item 7: a failing check carries its probe's output tail (redacted) next to the verdict; a passing
// one carries none. Headless verify prints the tail under the explanation.
import { describe, expect, it } from 'vitest';
import { checklistDocument, checklistMarkdown } from '../../source/report/checklist-report.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import type { Check } from '../../source/profile/schema.js';
import { healthyHosts, ofType, runCollect, scriptedGates, tinyProfile } from './tiny-profile.js';

const secret = 'pw-Secret-42';

const check = (id: string, command: string): Check => ({
  id,
  group: 'Integration',
  title: `Check ${id}`,
  explain: `${id} failing means the mail path is broken.`,
  host: 'app',
  run: { command, expect_exit: [0] },
  expect: {},
});

describe('check evidence', () => {
  it('keeps the last output lines of a failing probe, stdout then stderr, redacted; none for a pass', async () => {
    const { app, map } = healthyHosts();
    app.on(/probe-mail/, {
      code: 1,
      stdout: `${Array.from({ length: 8 }, (_, n) => `line ${n + 1}`).join('\n')}\nauth with ${secret}\n`,
      stderr: '535 5.7.8 authentication failed\n',
    });
    app.on(/probe-up/, { stdout: 'up\n' });
    const redactor = new Redactor();
    redactor.add(secret);
    const checks = [check('mail', 'probe-mail'), check('up', 'probe-up')];
    const profile = { ...tinyProfile(), checks };
    const { summary, events } = await runCollect(
      { profile, transports: map, gates: scriptedGates(), redactor },
      { mode: 'verify', checks },
    );
    const [mail, up] = summary.checks;
    expect(mail).toMatchObject({ outcome: 'fail', detail: 'exit code 1, expected 0' });
    expect(mail?.output).toEqual([
      'line 5',
      'line 6',
      'line 7',
      'line 8',
      'auth with ***',
      '535 5.7.8 authentication failed',
    ]);
    expect(up).toMatchObject({ outcome: 'pass' });
    expect(up?.output).toBeUndefined();
    expect(ofType(events, 'check-finished')[0]?.output).toEqual(mail?.output);
    expect(JSON.stringify(events)).not.toContain(secret);
    const printed = checklistMarkdown(checklistDocument('tiny', 'run-1', summary.checks));
    expect(printed).toContain(
      '    why: mail failing means the mail path is broken.\n    seen: exit code 1, expected 0\n    output: line 5\n',
    );
    expect(printed).toContain('    output: 535 5.7.8 authentication failed\n');
  });
});
