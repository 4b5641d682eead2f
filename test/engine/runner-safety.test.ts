import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mask } from '../../source/engine/run/redaction.js';
import { profileSchema } from '../../source/profile/schema.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import {
  healthyHosts,
  hostile,
  ofType,
  runCollect,
  scriptedGates,
  stateDir,
  tinyProfile,
} from './tiny-profile.js';

const firstPart = hostile.split('\n')[0]!;

describe('read-only modes fail closed', () => {
  it('verify and assess refuse a plan with a mutating step before sending anything', async () => {
    for (const mode of ['verify', 'assess'] as const) {
      const { app, obs, map } = healthyHosts();
      const profile = tinyProfile();
      const plan =
        mode === 'verify'
          ? { mode, checks: [], phases: profile.phases }
          : { mode, probes: [], phases: profile.phases };
      const { summary, events } = await runCollect(
        { profile, transports: map, gates: scriptedGates() },
        plan,
      );
      expect(summary).toMatchObject({ outcome: 'failed', exitCode: 2 });
      expect(summary.message).toContain('prepare/lock');
      expect(summary.message).toContain('switch/activate');
      expect(app.commands).toEqual([]);
      expect(obs.commands).toEqual([]);
      expect(app.uploads).toEqual([]);
      expect(ofType(events, 'step-started')).toEqual([]);
    }
  });

  it('refuses a POST probe; runs read-only probes and records their facts', async () => {
    const profile = profileSchema.parse({
      name: 'ro',
      hosts: { app: { embedded: true } },
      phases: [
        {
          id: 'p',
          title: 'P',
          steps: [{ id: 's', title: 'S', host: 'app', run: { command: 'true' }, mutates: false }],
        },
      ],
      assess: [
        {
          id: 'current',
          title: 'Live release',
          host: 'app',
          run: { command: 'readlink /var/www/chom/current' },
          parse: { kind: 'basename', fact: 'live_release' },
        },
        {
          id: 'info',
          title: 'Deployment info',
          host: 'app',
          run: { command: 'cat .deployment-info' },
          parse: { kind: 'keyvalue', facts: { commit: 'commit_hash', branch: 'branch' } },
        },
      ],
    });
    const app = new FakeTransport('app')
      .on(/readlink/, { stdout: '/var/www/chom/releases/20260106_132320\n' })
      .on(/deployment-info/, { stdout: 'release_id=20260106_132320\ncommit_hash=7f572d2\nbranch=main\n' });
    const transports = new Map([['app', app]]);
    const { summary } = await runCollect(
      { profile, transports, gates: scriptedGates() },
      { mode: 'assess', probes: profile.assess },
    );
    expect(summary.outcome).toBe('ok');
    expect(summary.probes.map((p) => p.facts)).toEqual([
      { live_release: '20260106_132320' },
      { commit: '7f572d2', branch: 'main' },
    ]);
    const post = {
      ...profile.assess[0]!,
      run: undefined,
      http: {
        url: 'http://x/-/reload',
        method: 'POST' as const,
        from: 'app',
        follow_redirects: false,
        expect_status: [200],
      },
    };
    const refused = await runCollect(
      { profile, transports, gates: scriptedGates() },
      { mode: 'assess', probes: [post] },
    );
    expect(refused.summary.exitCode).toBe(2);
    // The refused run sent nothing: every command on record came from the first, read-only run.
    const before = app.commands.length;
    expect(app.commands.some((c) => /reload|POST/.test(c.command))).toBe(false);
    await runCollect({ profile, transports, gates: scriptedGates() }, { mode: 'assess', probes: [post] });
    expect(app.commands).toHaveLength(before);
  });

  it('verify evaluates each check and fails the run when one fails', async () => {
    const profile = profileSchema.parse({
      name: 'v',
      hosts: { app: { embedded: true } },
      phases: [{ id: 'p', title: 'P', steps: [{ id: 's', title: 'S', host: 'app', form: 'f' }] }],
      forms: { f: { title: 'F', fields: [{ id: 'x', label: 'X', type: 'string' }] } },
      checks: [
        {
          id: 'count',
          group: 'Application',
          title: '8 mail rows',
          explain: 'SMTP settings missing',
          host: 'app',
          run: { command: 'psql -tAc "SELECT count(*)"' },
          expect: { equals: '8' },
        },
        {
          id: 'api',
          group: 'Integration',
          title: 'API answers JSON',
          explain: 'the route is missing',
          host: 'app',
          run: { command: 'curl -s api' },
          expect: { json: { success: true } },
        },
      ],
    });
    const app = new FakeTransport('app')
      .on(/psql/, { stdout: '8\n' })
      .on(/curl/, { stdout: '<html>301</html>' });
    const { summary, events } = await runCollect(
      { profile, transports: new Map([['app', app]]), gates: scriptedGates() },
      { mode: 'verify', checks: profile.checks },
    );
    expect(summary.checks.map((c) => `${c.id}:${c.outcome}:${c.detail}`)).toEqual([
      'count:pass:exit 0: 8',
      'api:fail:output is not JSON',
    ]);
    expect(summary.exitCode).toBe(1);
    expect(ofType(events, 'check-finished').map((e) => e.group)).toEqual(['Application', 'Integration']);
  });
});

describe('secrets never leave the engine', () => {
  it('masks the hostile password in every event and in the journal, even echoed across lines', async () => {
    const { app, map } = healthyHosts();
    app.on(/tinker/, (request) => ({
      stdout: `got ${request.stdin ?? ''} done\n`,
      stderr: `${request.stdin ?? ''}\n`,
    }));
    const dir = stateDir();
    const { summary, events } = await runCollect({ transports: map, gates: scriptedGates(), stateDir: dir });
    expect(summary.outcome).toBe('ok');
    expect(app.ran(/tinker/)[0]!.stdin).toBe(`set(${hostile})`);
    expect(app.commands.some((c) => c.command.includes('pwned'))).toBe(false);
    const all = JSON.stringify(events);
    expect(all).not.toContain('pwned');
    expect(all).not.toContain('ß');
    expect(ofType(events, 'form-submitted')[0]!.values).toEqual({ host: 'smtp.example.org', password: mask });
    const outputs = ofType(events, 'output').map((e) => e.line);
    expect(outputs).toEqual(expect.arrayContaining([`got set(${mask}`, `${mask}) done`]));
    const journal = readFileSync(summary.journalPath!, 'utf8');
    expect(journal).not.toContain('pwned');
    expect(journal).not.toContain(firstPart);
    expect(journal).not.toContain('ß');
    expect(journal).not.toContain(JSON.stringify(hostile).slice(1, -1));
  });

  it('holds the output of a step with secret_paths until the fact is known, and refuses the secret in a command', async () => {
    const profile = tinyProfile({
      phases: [
        {
          id: 'p',
          title: 'P',
          steps: [
            {
              id: 'api',
              title: 'Read SMTP',
              host: 'app',
              mutates: false,
              save_as: 'smtp_api',
              secret_paths: ['data.password'],
              run: { command: 'curl -s http://localhost/api/v1/system/smtp-config' },
            },
            {
              id: 'feed',
              title: 'Feed',
              host: 'app',
              run: { command: 'cat > /dev/null', stdin: '{{smtp_api.data.password}}' },
            },
            { id: 'leak', title: 'Leak', host: 'app', run: { command: 'echo {{smtp_api.data.password}}' } },
          ],
        },
      ],
    });
    const app = new FakeTransport('app').on(/smtp-config/, {
      stdout: JSON.stringify({ success: true, data: { host: 'mx', password: hostile } }) + '\n',
    });
    const { events, summary } = await runCollect({
      profile,
      transports: new Map([['app', app]]),
      gates: scriptedGates(),
    });
    expect(JSON.stringify(events)).not.toContain('pwned');
    expect(app.ran(/cat > \/dev\/null/)[0]!.stdin).toBe(hostile);
    expect(app.ran(/^echo/)).toHaveLength(0);
    const leak = ofType(events, 'step-finished').find((e) => e.stepId === 'leak')!;
    expect(leak.failure!.message).toContain(
      'secret "smtp_api.data.password" cannot be interpolated into a command line',
    );
    expect(summary.exitCode).toBe(1);
    expect(ofType(events, 'fact-recorded')[0]!.value).toContain(mask);
  });
});
