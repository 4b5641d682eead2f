import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headlessGates } from '../../source/engine/run/gates.js';
import { profileSchema } from '../../source/profile/schema.js';
import { LocalBashTransport } from '../helpers/fake-transport.js';
import { ofType, runCollect } from './tiny-profile.js';

const root = mkdtempSync(join(tmpdir(), 'release-flow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function world(name: string, healthy: boolean) {
  const base = join(root, name);
  const old = join(base, 'releases', '20260106_132320');
  mkdirSync(old, { recursive: true });
  writeFileSync(join(old, '.deployment-info'), 'commit_hash=7f572d2\n');
  symlinkSync(old, join(base, 'current'));
  const profile = profileSchema.parse({
    name: 'flow',
    hosts: { landsraad: { embedded: true } },
    vars: { app_base: base },
    phases: [
      {
        id: 'deploy',
        title: 'Deploy',
        steps: [
          { id: 'lock', title: 'Lock', host: 'landsraad', lock: { path: '{{app_base}}/deploy.lock' } },
          {
            id: 'create',
            title: 'Create',
            host: 'landsraad',
            release: { op: 'create', base: '{{app_base}}' },
          },
          {
            id: 'build',
            title: 'Build',
            host: 'landsraad',
            run: { command: 'echo built > artisan', cwd: '{{release_path}}' },
          },
          {
            id: 'switch',
            title: 'Switch',
            host: 'landsraad',
            critical: true,
            release: { op: 'activate', base: '{{app_base}}' },
          },
          {
            id: 'health',
            title: 'Health',
            host: 'landsraad',
            on_failure: { rollback: 'app' },
            run: {
              command: healthy ? 'test -f current/artisan' : 'echo unhealthy >&2; exit 1',
              cwd: '{{app_base}}',
            },
          },
          {
            id: 'cleanup',
            title: 'Cleanup',
            host: 'landsraad',
            release: { op: 'cleanup', base: '{{app_base}}', keep: 2 },
          },
          { id: 'unlock', title: 'Unlock', host: 'landsraad', unlock: { path: '{{app_base}}/deploy.lock' } },
        ],
      },
    ],
    rollback: {
      app: {
        title: 'Back',
        steps: [
          { id: 'back', title: 'Back', host: 'landsraad', release: { op: 'rollback', base: '{{app_base}}' } },
        ],
      },
    },
  });
  return {
    base,
    old,
    profile,
    transports: new Map([['landsraad', new LocalBashTransport('landsraad', root)]]),
  };
}

describe('release flow on a real shell', () => {
  it('creates, builds, switches and cleans up; the lock is gone afterwards', async () => {
    const w = world('healthy', true);
    const { summary, events } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      gates: headlessGates({ yes: true, operator: 'ci' }),
    });
    expect(summary.message).toBeNull();
    const id = ofType(events, 'fact-recorded').find((e) => e.name === 'release_id')!.value;
    expect(readlinkSync(join(w.base, 'current'))).toBe(join(w.base, 'releases', id));
    expect(readFileSync(join(w.base, 'current', 'artisan'), 'utf8')).toBe('built\n');
    expect(existsSync(join(w.base, 'deploy.lock'))).toBe(false);
    expect(existsSync(w.old)).toBe(true);
  });

  it('a failed health check after the switch rolls back to the release live before (headless --yes)', async () => {
    const w = world('unhealthy', false);
    const { summary, events } = await runCollect({
      profile: w.profile,
      transports: w.transports,
      gates: headlessGates({ yes: true, operator: 'ci' }),
    });
    expect(summary).toMatchObject({ outcome: 'failed', exitCode: 1 });
    expect(ofType(events, 'rollback-proposed')).toHaveLength(1);
    expect(readlinkSync(join(w.base, 'current'))).toBe(w.old);
    expect(existsSync(join(w.base, 'deploy.lock'))).toBe(false);
    expect(summary.hostStates[0]).toMatchObject({ release: '20260106_132320' });
  });
});
