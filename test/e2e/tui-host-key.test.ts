// The terminal UI's first-connect question against a REAL embedded ssh host and an empty known_hosts: the
// answerer the UI installs (setHostKeyAsk) gets the host's SHA256 fingerprint; "no" refuses (a run ends with
// exit 3), "yes" connects and records `[127.0.0.1]:port` in known_hosts; a CHANGED key never reaches it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleServices, type ConsoleServices } from '../../source/cli/app-services-impl.js';
import { processIo } from '../../source/cli/cli-io.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import {
  generateKeyPair,
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../source/transport/embedded-server.js';
import type { HostKeyQuestion } from '../../source/ui/app-services.js';

let dir: string;
let knownHosts: string;
let clientKeyPath: string;
let clientPublicKey: string;
const servers: EmbeddedServer[] = [];
const consoles: ConsoleServices[] = [];
const saved = { HOME: process.env['HOME'], SSH_AUTH_SOCK: process.env['SSH_AUTH_SOCK'] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chom-tui-host-key-'));
  // The operator's home: ~/.ssh/known_hosts starts empty, no ~/.ssh/config, no agent.
  const home = join(dir, 'operator-home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  knownHosts = join(home, '.ssh', 'known_hosts');
  writeFileSync(knownHosts, '', { mode: 0o600 });
  process.env['HOME'] = home;
  delete process.env['SSH_AUTH_SOCK'];
  const client = generateKeyPair('operator');
  clientKeyPath = join(dir, 'id_ed25519');
  writeFileSync(clientKeyPath, client.privateKey, { mode: 0o600 });
  clientPublicKey = client.publicKey;
});
afterAll(async () => {
  for (const console_ of consoles) await console_.close();
  for (const server of servers) await server.stop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<EmbeddedServer> {
  const server = await startEmbeddedServer({
    authorizedKeys: [clientPublicKey],
    shell: { cwd: dir, env: { PATH: '/usr/bin:/bin' } },
  });
  servers.push(server);
  return server;
}

/** Console services for a one-host profile pointing at `port` (a real, non-embedded host entry). */
function consoleFor(name: string, port: number): ConsoleServices {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      `name: ${name}`,
      'hosts:',
      '  edge:',
      `    address: 127.0.0.1\n    port: ${port}\n    user: operator\n    identity: ${clientKeyPath}\n    roles: [app]`,
      'phases:',
      '  - id: look',
      '    title: Look',
      '    steps:',
      '      - id: hello',
      '        title: Say hello',
      '        host: edge',
      '        mutates: false',
      "        run: { command: 'echo hello' }",
      '',
    ].join('\n'),
  );
  const loaded = loadProfile(path);
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('; '));
  const console_ = createConsoleServices({
    ref: name,
    profile: loaded.profile,
    home: join(dir, `${name}-state`),
    operator: 'tester',
    io: processIo(),
  });
  consoles.push(console_);
  return console_;
}

const gates = headlessGates({ yes: false, operator: 'tester' });

describe('TUI: an unknown host key is asked, with its fingerprint', () => {
  it('no refuses (exit 3, nothing recorded); yes connects and records [127.0.0.1]:port', async () => {
    const server = await serve();
    const { services, ready } = consoleFor('unknown-key', server.port);
    await ready;
    const asked: HostKeyQuestion[] = [];
    let answer = false;
    services.setHostKeyAsk?.(async (question) => {
      asked.push(question);
      return answer;
    });

    const [refused] = await services.hosts();
    expect(asked).toEqual([
      {
        host: 'edge',
        address: '127.0.0.1',
        port: server.port,
        keyType: 'ssh-ed25519',
        fingerprint: server.fingerprint,
        knownHostsName: `[127.0.0.1]:${server.port}`,
        knownHostsFile: knownHosts,
      },
    ]);
    expect(server.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(refused).toMatchObject({ name: 'edge', connected: false });
    expect(refused?.error).toContain('host-key-unknown');
    expect(readFileSync(knownHosts, 'utf8')).toBe('');

    const run = services.createRun({ mode: 'deploy' }, gates, new AbortController().signal);
    const summary = await run.run();
    expect(summary.exitCode).toBe(3);
    expect(asked).toHaveLength(2);
    expect(readFileSync(knownHosts, 'utf8')).toBe('');

    answer = true;
    const [accepted] = await services.hosts();
    expect(asked).toHaveLength(3);
    expect(accepted).toMatchObject({
      name: 'edge',
      connected: true,
      trust: 'accepted',
      fingerprint: server.fingerprint,
    });
    const [keyType, keyBlob] = server.hostPublicKey.split(' ');
    expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${server.port} ${keyType} ${keyBlob}\n`);
    const again = await services.createRun({ mode: 'deploy' }, gates, new AbortController().signal).run();
    expect(again.exitCode).toBe(0);
    expect(asked).toHaveLength(3);
  });

  it('a changed host key is refused without ever reaching the question', async () => {
    const server = await serve();
    const impostor = generateKeyPair('impostor').publicKey.split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `[127.0.0.1]:${server.port} ${impostor}\n`, { flag: 'a' });
    const { services, ready } = consoleFor('changed-key', server.port);
    await ready;
    const asked: HostKeyQuestion[] = [];
    services.setHostKeyAsk?.(async (question) => {
      asked.push(question);
      return true;
    });
    const [host] = await services.hosts();
    expect(host).toMatchObject({ name: 'edge', connected: false });
    expect(host?.error).toContain('HOST KEY CHANGED');
    expect(host?.error).toContain(server.fingerprint);
    const summary = await services.createRun({ mode: 'deploy' }, gates, new AbortController().signal).run();
    expect(summary.exitCode).toBe(3);
    expect(asked).toEqual([]);
    expect(readFileSync(knownHosts, 'utf8')).toContain(impostor);
    expect(readFileSync(knownHosts, 'utf8')).not.toContain(server.hostPublicKey.split(' ')[1]);
  });
});
