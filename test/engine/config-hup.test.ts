// A config step whose service reloads on SIGHUP (no HTTP reload): the engine reads the success timestamp
// before the signal and confirms against it, in that order, so the previous reload's gauge is never taken
// for this one's.
import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../source/profile/schema.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { runCollect, scriptedGates } from './tiny-profile.js';

const gauge = 'alertmanager_config_last_reload_successful';
const stamp = 'alertmanager_config_last_reload_success_timestamp_seconds';

describe('config step reloaded by SIGHUP', () => {
  it('reads the success timestamp, sends HUP, then waits for a newer timestamp', async () => {
    const profile = profileSchema.parse({
      name: 'hup',
      hosts: { mentat: { embedded: true } },
      phases: [
        {
          id: 'obs',
          title: 'Observability',
          steps: [
            {
              id: 'am',
              title: 'Alertmanager config',
              host: 'mentat',
              config: {
                template: '/srv/staged/alertmanager.yml',
                target: '/etc/alertmanager/alertmanager.yml',
                set: { 'route.receiver': 'ops' },
                validate: 'amtool check-config {{staged}}',
                reload: { signal: 'HUP', unit: 'alertmanager' },
                confirm: { metrics_url: 'http://localhost:9093/metrics', metric: gauge },
              },
            },
          ],
        },
      ],
    });
    const mentat = new FakeTransport('mentat');
    mentat.files.set(
      '/srv/staged/alertmanager.yml',
      Buffer.from('route:\n  receiver: ops\nreceivers:\n  - name: ops\n'),
    );
    mentat
      .on(new RegExp(`stamp=.*${stamp}`), { stdout: 'stamp=1764600000\ngauge=1\n' })
      .on(/before='1764600000'/, { stdout: 'value=1\n' });
    const { summary } = await runCollect({
      profile,
      transports: new Map([['mentat', mentat]]),
      gates: scriptedGates(),
    });
    expect(summary.outcome).toBe('ok');
    const order = (pattern: RegExp) => mentat.commands.findIndex((c) => pattern.test(c.command));
    const readStamp = order(new RegExp(`stamp=.*${stamp}`));
    const hup = order(/systemctl kill -s HUP -- 'alertmanager'/);
    const confirm = order(/before='1764600000'/);
    expect(readStamp).toBeGreaterThanOrEqual(0);
    expect(hup).toBeGreaterThan(readStamp);
    expect(confirm).toBeGreaterThan(hup);
  });
});
