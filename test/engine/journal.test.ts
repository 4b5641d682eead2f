// The journal: every event in order, output lines batched (one append per batch, not per line) but always
// written before the next non-output event, secrets redacted once more on the way out, 0600.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../source/engine/run/events.js';
import { Journal, readJournal } from '../../source/engine/run/journal.js';
import type { BatchTimer } from '../../source/lib/line-batcher.js';
import { Redactor } from '../../source/engine/run/redaction.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A timer the test fires by hand: time passes when the test says so. */
function manualTimer() {
  let due: (() => void) | undefined;
  const timer: BatchTimer = {
    set: (callback) => {
      due = callback;
      return callback;
    },
    clear: () => {
      due = undefined;
    },
  };
  return { timer, fire: () => due?.(), armed: () => due !== undefined };
}
function journal(secret = 's3cret-value', timer?: BatchTimer) {
  const dir = mkdtempSync(join(tmpdir(), 'chom-journal-'));
  dirs.push(dir);
  const redactor = new Redactor();
  redactor.add(secret);
  return new Journal(dir, 'run-1', redactor, timer);
}
const at = '2026-11-27T08:00:00.000Z';
const output = (line: string): RunEvent => ({
  type: 'output',
  host: 'landsraad',
  stepId: 's',
  stream: 'stdout',
  line,
  at,
});
const started: RunEvent = {
  type: 'step-started',
  phaseId: 'p',
  stepId: 's',
  host: 'landsraad',
  title: 'Step',
  at,
};
const lines = (path: string) => readJournal(path).map((e) => (e.type === 'output' ? e.line : e.type));

describe('Journal', () => {
  it('holds output lines briefly, then writes them before the next non-output event, in order', () => {
    const j = journal();
    j.write(started);
    j.write(output('one'));
    j.write(output('two'));
    expect(lines(j.path)).toEqual(['step-started']); // batched, not yet on disk
    j.write({ ...started, stepId: 't' });
    expect(lines(j.path)).toEqual(['step-started', 'one', 'two', 'step-started']);
  });

  it('writes a full batch at once and the rest when its timer fires (no explicit flush)', () => {
    const clock = manualTimer();
    const j = journal('s3cret-value', clock.timer);
    for (let i = 0; i < 600; i += 1) j.write(output(`line ${i}`));
    expect(lines(j.path)).toHaveLength(512);
    expect(clock.armed()).toBe(true);
    clock.fire();
    const all = lines(j.path);
    expect(all).toHaveLength(600);
    expect(all[599]).toBe('line 599');
  });

  it('redacts secrets in every line and keeps the file 0600', () => {
    const j = journal();
    j.write(output('password=s3cret-value'));
    j.flush();
    const text = readFileSync(j.path, 'utf8');
    expect(text).not.toContain('s3cret-value');
    expect(text).toContain('password=');
    expect(statSync(j.path).mode & 0o777).toBe(0o600);
  });
});
