import { describe, expect, it } from 'vitest';
import { lockToTakeFirst } from '../../source/engine/run/early-lock.js';
import { profileSchema, type Phase } from '../../source/profile/schema.js';

const lock = { id: 'lock', title: 'Lock', host: 'app', lock: { path: '/srv/lock' } };
const stage = { id: 'stage', title: 'Stage', host: 'obs', run: { command: 'cp a b' } };
const probe = { id: 'probe', title: 'Probe', host: 'obs', run: { command: 'cat a' }, mutates: false };
const form = { id: 'form', title: 'Form', host: 'app', form: 'smtp' };

function phases(...steps: object[][]): Phase[] {
  return profileSchema.parse({
    name: 'lock',
    hosts: { app: { embedded: true }, obs: { embedded: true } },
    forms: { smtp: { title: 'SMTP', fields: [{ id: 'host', label: 'Host', type: 'hostname' }] } },
    phases: steps.map((list, n) => ({ id: `p${n + 1}`, title: `P${n + 1}`, steps: list })),
  }).phases;
}

describe('the lock taken before anything changes', () => {
  it('takes a later lock step first when a changing step precedes it', () => {
    const plan = phases([stage], [lock]);
    expect(lockToTakeFirst(plan, new Set())).toEqual({ phaseId: 'p2', step: plan[1]!.steps[0] });
  });

  it('leaves the lock in place when only reading steps precede it', () => {
    expect(lockToTakeFirst(phases([probe], [lock]), new Set())).toBeNull();
  });

  it('ignores changing steps a resumed run already completed', () => {
    expect(lockToTakeFirst(phases([stage], [lock]), new Set(['stage']))).toBeNull();
  });

  it('still takes the runbook lock when --from starts after the lock step', () => {
    const all = phases([stage], [lock], [form, { ...stage, id: 'configure' }]);
    const from = all.slice(2);
    expect(lockToTakeFirst(from, new Set(), all)).toEqual({ phaseId: 'p3', step: all[1]!.steps[0] });
  });

  it('takes nothing for a plan that changes nothing', () => {
    const all = phases([stage], [lock], [probe]);
    expect(lockToTakeFirst(all.slice(2), new Set(), all)).toBeNull();
  });
});
