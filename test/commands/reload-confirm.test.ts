// Confirming a HUP reload, run by real bash, curl and awk against a local /metrics page whose gauges change
// like Alertmanager's: the success gauge keeps the previous reload's 1 until the new reload lands, so the
// confirmation must also see the success timestamp move; a failed reload (gauge 0) is reported at once.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReadBeforeReload,
  buildReadMetric,
  parseBeforeReload,
  reloadTimestampMetric,
  type BeforeReload,
} from '../../source/commands/config-commands.js';
import { waitFor } from '../helpers/wait-for.js';

const gauge = 'alertmanager_config_last_reload_successful';
const stamp = 'alertmanager_config_last_reload_success_timestamp_seconds';
const page = { successful: '1', timestamp: '1.7646e+09' };
/** How many times the page was served: the scripts poll it. */
let served = 0;
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((_request, response) => {
    response.end(
      `# HELP ${gauge} Whether the last configuration reload attempt was successful.\n${gauge} ${page.successful}\n${stamp} ${page.timestamp}\n`,
    );
    served += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}/metrics`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const before = (value: string, gaugeBefore = '1'): BeforeReload => ({
  timestampMetric: stamp,
  stamp: value,
  gauge: gaugeBefore,
});

/**
 * Changes the page once the script has read it as it is (a condition, not a timer), as a reload landing
 * while the confirmation polls; `cancel` keeps a change that never came from reaching the next test.
 */
function onceRead(change: () => void): { cancel: () => void } {
  const seen = served;
  let cancelled = false;
  void waitFor(() => cancelled || served > seen, 'the script to read the page', 20_000).then(
    () => !cancelled && change(),
    () => undefined,
  );
  return { cancel: () => (cancelled = true) };
}

function run(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('bash', ['-c', script], (error, stdout, stderr) =>
      resolve({
        code: error ? ((error as { code?: number }).code ?? -1) : 0,
        stdout,
        stderr,
      }),
    ),
  );
}

describe('confirming a HUP reload', () => {
  it('pairs the success gauge with its timestamp gauge', () => {
    expect(reloadTimestampMetric(gauge)).toBe(stamp);
    expect(reloadTimestampMetric('prometheus_config_last_reload_successful')).toBe(
      'prometheus_config_last_reload_success_timestamp_seconds',
    );
    expect(reloadTimestampMetric('up')).toBeNull();
  });

  it('reads the timestamp and the gauge before the signal', async () => {
    page.successful = '1';
    page.timestamp = '1.7646e+09';
    const { stdout } = await run(buildReadBeforeReload('mentat', url, gauge, stamp).script);
    expect(stdout).toBe('stamp=1.7646e+09\ngauge=1\n');
    expect(parseBeforeReload(stdout, stamp)).toEqual({
      timestampMetric: stamp,
      stamp: '1.7646e+09',
      gauge: '1',
    });
  });

  it('does not take the previous reload’s 1 for success: fails when the timestamp never moves', async () => {
    page.successful = '1';
    page.timestamp = '1764600000';
    const result = await run(buildReadMetric('mentat', url, gauge, before('1.7646e+09')).script);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${gauge} is 1 and ${stamp} 1764600000 (was 1.7646e+09) after the reload`,
    );
    // without the timestamp the same page passes at once: the race this closes
    expect((await run(buildReadMetric('mentat', url, gauge).script)).code).toBe(0);
  }, 20_000);

  it('confirms once the timestamp moves past the one read before', async () => {
    page.successful = '1';
    page.timestamp = '1764600000';
    const landed = onceRead(() => (page.timestamp = '1.7646000012e+09'));
    const pending = run(buildReadMetric('mentat', url, gauge, before('1764600000')).script);
    const result = await pending;
    landed.cancel();
    expect(result).toMatchObject({ code: 0, stdout: 'value=1\n' });
  }, 20_000);

  it('after an earlier failed reload (gauge 0 before), waits for this reload instead of failing on the old 0', async () => {
    page.successful = '0';
    page.timestamp = '1764600000';
    const fixed = onceRead(() => Object.assign(page, { successful: '1', timestamp: '1764600200' }));
    const pending = run(buildReadMetric('mentat', url, gauge, before('1764600000', '0')).script);
    const result = await pending;
    fixed.cancel();
    expect(result).toMatchObject({ code: 0, stdout: 'value=1\n' });
  }, 20_000);

  it('without a timestamp before (the service has no such gauge), waits for 1 as for any reload', async () => {
    page.successful = '1';
    const script = buildReadMetric('mentat', url, gauge, {
      timestampMetric: 'nope_last_reload_success_timestamp_seconds',
      stamp: '',
      gauge: '1',
    }).script;
    expect(script).not.toContain('before=');
    expect(await run(script)).toMatchObject({ code: 0, stdout: 'value=1\n' });
  });

  it('reports a rejected reload at once (the gauge drops to 0), without waiting for a later reload', async () => {
    page.successful = '0';
    page.timestamp = '1764600000';
    // a later, successful reload: a confirmation that kept polling would see it and pass
    const later = onceRead(() => Object.assign(page, { successful: '1', timestamp: '1764600100' }));
    const pending = run(buildReadMetric('mentat', url, gauge, before('1764600000')).script);
    const result = await pending;
    later.cancel();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('value=0\n');
  }, 20_000);
});
