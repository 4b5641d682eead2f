// The transport suite against real OpenSSH sshd processes (skipped loudly where root or sshd is missing).
import { describe, it } from 'vitest';
import { startTestbed, testbedUnavailableReason, type Testbed } from '../helpers/sshd-testbed.js';
import { descendants } from '../helpers/ssh-process.js';
import { transportSuite } from './transport-suite.js';

const reason = testbedUnavailableReason();

if (reason) {
  console.warn(`\n*** SKIPPING real-sshd transport tests: ${reason} ***\n`);
  describe.skipIf(true)(`transport against real sshd (SKIPPED: ${reason})`, () => {
    it('needs root and /usr/sbin/sshd', () => undefined);
  });
} else {
  let testbed: Testbed | undefined;
  transportSuite({
    label: 'real OpenSSH sshd',
    async setup() {
      testbed = await startTestbed(['alpha']);
      const host = testbed.hosts[0];
      if (!host) throw new Error('test bed started without hosts');
      return {
        port: host.port,
        user: testbed.user,
        workDir: host.root,
        hostKeyLine: host.hostKeyLine,
        fingerprint: host.fingerprint,
        clientKeyPath: testbed.clientKeyPath,
        knownHostsPath: testbed.knownHostsPath,
        startAgent: () => (testbed as Testbed).startAgent(),
        restart: async () => {
          await host.kill();
          await host.start();
        },
        // the listener and every session it forked stop: connections stay open and nothing answers
        freeze: async () => {
          const listener = host.pid();
          if (listener === undefined) throw new Error('sshd is not running');
          const pids = [listener, ...descendants(listener)];
          for (const pid of pids) process.kill(pid, 'SIGSTOP');
          return () => {
            for (const pid of pids) process.kill(pid, 'SIGCONT');
          };
        },
      };
    },
    teardown: async () => testbed?.stop(),
  });
}
