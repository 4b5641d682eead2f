// The engine's read outside a run (home facts, pickers): real bash, the output redacted, a failure naming the
// host and stderr's last lines (redacted too), stdin passed as stdin, a user reached through sudo -n.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { followHost, readHost } from '../../source/engine/run/host-read.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import { FakeTransport, LocalBashTransport } from '../helpers/fake-transport.js';

const secret = 's3cret-relay-password';

function redactor(): Redactor {
  const r = new Redactor();
  r.add(secret);
  return r;
}

describe('readHost', () => {
  it('returns stdout redacted, with stdin passed to the script', async () => {
    const host = new LocalBashTransport('landsraad', tmpdir());
    const out = await readHost(
      host,
      { host: 'landsraad', script: 'read -r line; echo "got $line"; echo "pw=$line"', stdin: `${secret}\n` },
      redactor(),
    );
    expect(out).toBe('got ***\npw=***\n');
    expect(host.commands.join('\n')).not.toContain(secret);
  });

  it('fails naming the host, the exit code and the last two stderr lines, redacted', async () => {
    const host = new LocalBashTransport('mentat', tmpdir());
    const script = `echo one >&2; echo "two ${secret}" >&2; echo three >&2; exit 3`;
    await expect(readHost(host, { host: 'mentat', script }, redactor())).rejects.toThrow(
      'mentat: exit 3: two *** three',
    );
  });

  it('runs as another user through sudo -n, never prompting', async () => {
    const host = new FakeTransport('landsraad').on(/sudo/, { stdout: 'ok\n' });
    expect(await readHost(host, { host: 'landsraad', script: 'ls /srv', user: 'www-data' }, redactor())).toBe(
      'ok\n',
    );
    expect(host.commands.map((c) => c.command)).toEqual(["sudo -n -u 'www-data' bash -c 'ls /srv'"]);
  });

  it('follows a log: every line, stdout and stderr, redacted as it arrives', async () => {
    const host = new LocalBashTransport('landsraad', tmpdir());
    const seen: string[] = [];
    const script = `echo "login ${secret} ok"; echo "warn ${secret}" >&2`;
    await followHost(
      host,
      { host: 'landsraad', script },
      redactor(),
      (line) => seen.push(line),
      new AbortController().signal,
    );
    expect(seen.sort()).toEqual(['login *** ok', 'warn ***']);
  });
});
