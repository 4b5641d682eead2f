// The transport suite against the in-process ssh2 host.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateKeyPair,
  startEmbeddedServer,
  type EmbeddedServer,
} from '../../source/transport/embedded-server.js';
import { startAgent, type TestAgent } from '../helpers/ssh-agent.js';
import { freePort } from '../helpers/ssh-process.js';
import { transportSuite } from './transport-suite.js';

let dir = '';
let server: EmbeddedServer | undefined;
let agent: TestAgent | undefined;

transportSuite({
  label: 'the in-process ssh2 host',
  async setup() {
    dir = mkdtempSync(join(tmpdir(), 'chom-embedded-'));
    const client = generateKeyPair('embedded-client');
    const clientKeyPath = join(dir, 'client_ed25519');
    writeFileSync(clientKeyPath, client.privateKey, { mode: 0o600 });
    const workDir = join(dir, 'root');
    mkdirSync(workDir);
    const serve = (port: number, hostKey?: string | Buffer) =>
      startEmbeddedServer({
        authorizedKeys: [client.publicKey],
        shell: { cwd: workDir, env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: workDir } },
        port,
        ...(hostKey !== undefined && { hostKey }),
      });
    // restart() serves again on this port: outside the ephemeral range, no outgoing connection takes it meanwhile
    server = await serve(await freePort());
    const first = server;
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, `[127.0.0.1]:${first.port} ${first.hostPublicKey}\n`);
    return {
      port: first.port,
      user: 'deploy',
      workDir,
      hostKeyLine: first.hostPublicKey,
      fingerprint: first.fingerprint,
      clientKeyPath,
      knownHostsPath,
      startAgent: async () => {
        agent ??= await startAgent(dir, clientKeyPath);
        return agent.socket;
      },
      restart: async () => {
        await server?.stop();
        server = await serve(first.port, first.hostKey);
      },
    };
  },
  async teardown() {
    agent?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  },
});
