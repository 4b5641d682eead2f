import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { CommandLog, type CommandEntry } from '../../../source/ui/components/CommandLog.js';
import { expectFits, plainFrame } from '../support/frames.js';

afterEach(cleanup);

const entries: CommandEntry[] = [
  { id: '1', host: 'landsraad', command: 'readlink /var/www/chom/current', exitCode: 0, durationMs: 3 },
  {
    id: '2',
    host: 'mentat',
    command: "amtool check-config '/etc/observability/alertmanager.yml.staged'",
    exitCode: 1,
    durationMs: 412,
  },
  { id: '3', host: 'landsraad', command: 'set -e\ncd /var/www\nphp artisan migrate --force', exitCode: null },
  { id: '4', host: 'mentat', command: 'sleep 999', exitCode: null, signal: 'SIGTERM', durationMs: 30_000 },
  {
    id: '5',
    host: 'landsraad',
    command: `curl -H 'Authorization: ***' ${'x'.repeat(300)}\u001b]0;t\u0007`,
    exitCode: 0,
    durationMs: 80,
  },
];

describe('CommandLog', () => {
  it('lists host, exit code, duration and the redacted command', () => {
    const frame = plainFrame(render(<CommandLog entries={entries} width={100} height={10} />));
    expect(frame).toMatch(/host\s+exit\s+time command/);
    expect(frame).toMatch(/landsraad\s+0\s+3ms readlink \/var\/www\/chom\/current/);
    expect(frame).toMatch(/mentat\s+1\s+412ms amtool check-config/);
    expect(frame).toMatch(/landsraad\s+…\s+set -e ⏎ \+2 lines/);
    expect(frame).toMatch(/mentat\s+sig\s+30\.0s sleep 999/);
    expect(frame).toContain('Authorization: ***');
    expectFits(frame, 100);
  });

  it('shows only the newest rows that fit, within 80 columns', () => {
    const instance = render(<CommandLog entries={entries} width={80} height={3} />);
    const frame = plainFrame(instance);
    expect(frame.split('\n')).toHaveLength(3);
    expect(frame).not.toContain('readlink');
    expect(frame).toContain('sleep 999');
    expect(instance.lastFrame()).not.toContain('\u0007');
    expectFits(frame, 80);
  });
});
