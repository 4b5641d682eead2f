// Issue 13 item 7: a failing criterion shows its probe's output tail with the explanation, a passing one
// shows its pass evidence (never the failure wording), and `f` runs the step the profile names as its fix,
// as a run of its own with its usual gates and the deploy lock, then checks again.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../support/app-harness.js';
import { createFakeServices } from '../../support/fake-services.js';
import { cleanupRendered, expectFits, keys, waitForFrame, waitForText } from '../../support/frames.js';

afterEach(() => {
  cleanup();
  cleanupRendered();
});

/** c17's probe fails (printing why) until Alertmanager was reloaded: the fixture names `reload` as its fix. */
function brokenAlerting() {
  const fake = createFakeServices();
  let reloaded = false;
  fake.mentat.on(/check-c17/, () =>
    reloaded
      ? { stdout: 'email: delivered=1 failed_attempts=0\n' }
      : {
          code: 1,
          stdout: 'email: delivered=0 failed_attempts=3 (since Alertmanager started)\n',
          stderr: 'last error: 535 5.7.8 authentication failed\n',
        },
  );
  fake.mentat.on(/reload-alertmanager/, () => {
    reloaded = true;
    return { stdout: 'reloaded\n' };
  });
  return fake;
}

describe('checklist evidence and fixes', () => {
  it('a failing row shows the explanation, the verdict and the probe output tail; a passing row only its pass', async () => {
    const fake = brokenAlerting();
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('v');
    await waitForText(instance, '16/17 passing · 1 failing');
    instance.stdin.write('G');
    instance.stdin.write(keys.enter);
    let frame = await waitForText(instance, 'last output:');
    expect(frame).toContain('Criterion 17 fails, so notification failures zero is not true.');
    expect(frame).toContain('seen: exit code 1, expected 0');
    expect(frame).toContain('email: delivered=0 failed_attempts=3 (since Alertmanager started)');
    expect(frame).toContain('last error: 535 5.7.8 authentication failed');
    expect(frame).toContain('f runs the fix: Reload Alertmanager (step reload)');
    expectFits(frame, 120, 40);
    // The first criterion passes: its details are its evidence, not what a failure would mean.
    instance.stdin.write('g');
    instance.stdin.write('g');
    await waitForFrame(instance, (text) => /❯ ✓ up/.test(text));
    instance.stdin.write(keys.enter);
    frame = await waitForText(instance, 'passes: exit 0');
    expect(frame).not.toContain('Criterion 1 fails');
    expectFits(frame, 120, 40);
  });

  it('f runs the fix step behind the deploy lock, then the checklist checks again and passes', async () => {
    const fake = brokenAlerting();
    const { instance } = await renderApp(fake.services, 120, 40);
    await waitForText(instance, 'Actions');
    instance.stdin.write('v');
    await waitForText(instance, '16/17 passing · 1 failing');
    // A passing criterion has nothing to fix.
    instance.stdin.write('f');
    await waitForText(instance, '"up" names no fix step in the profile');
    instance.stdin.write('G');
    instance.stdin.write('f');
    const frame = await waitForText(instance, 'Fix finished ✓ — checking the success criteria again');
    await waitForText(instance, '17/17 passing');
    expect(fake.requests.map((request) => request.mode)).toEqual(['verify', 'fix', 'verify']);
    expect(fake.requests[1]?.fixSteps).toEqual(['reload']);
    expect(fake.mentat.ran(/reload-alertmanager/)).toHaveLength(1);
    // Reloading changes a host: the fix held the deploy lock and released it; nothing else of the deploy ran.
    expect(fake.landsraad.ran(/if mkdir -- "\$lock"/)).toHaveLength(1);
    expect(fake.landsraad.ran(/mv -T -- "\$lock" "\$lock.released/)).toHaveLength(1);
    expect(fake.landsraad.ran(/composer install/)).toHaveLength(0);
    expect(fake.mentat.ran(/install-secret/)).toHaveLength(0);
    expectFits(frame, 120, 40);
    // Esc from the new checklist goes home, not back to the stale one.
    instance.stdin.write(keys.esc);
    await waitForFrame(instance, (text) => text.includes('Actions'));
  });
});

describe('checklist evidence at 80×24', () => {
  it('wraps the explanation by words and shows every output line and the fix key in view', async () => {
    const { render } = await import('ink-testing-library');
    const { Checklist } = await import('../../../../source/ui/widgets/checklist/Checklist.js');
    const { plainFrame } = await import('../../support/frames.js');
    const groups = ['Application', 'Observability', 'Integration'] as const;
    const items = Array.from({ length: 17 }, (_, index) => ({
      id: `c${index}`,
      group: groups[index < 6 ? 0 : index < 13 ? 1 : 2],
      title: `Criterion ${index}`,
      state: index === 14 ? ('failed' as const) : ('passed' as const),
      explain:
        'No e-mail notification succeeded since Alertmanager started (a restart resets the counters), or one failed (SMTP host, port, TLS or credentials).',
      detail: index === 14 ? 'exit code 1, expected 0' : 'exit 0',
      ...(index === 14
        ? {
            output: Array.from({ length: 6 }, (_, n) => `probe line ${n + 1}`),
            fix: {
              stepId: 'test-alert',
              title: 'Send a test alert and wait until Alertmanager has e-mailed it',
            },
          }
        : {}),
    }));
    const frame = plainFrame(
      render(
        <Checklist items={items} selected={14} expanded width={80} height={19} focused animate={false} />,
      ),
    );
    expect(frame).toContain('❯ ✗ Criterion 14');
    for (let n = 1; n <= 6; n += 1) expect(frame).toContain(`probe line ${n}`);
    expect(frame).not.toMatch(/more lines/);
    expect(frame).toContain('f runs the fix: Send a test alert and wait until Alertmanager has e-mailed');
    // Words are never split across rows: every row of the explanation ends and starts on a whole word.
    const joined = frame
      .split('\n')
      .map((row) => row.trim())
      .join(' ');
    expect(joined).toContain(
      '(a restart resets the counters), or one failed (SMTP host, port, TLS or credentials).',
    );
    expectFits(frame, 80, 19);
  });
});
