// The transport suite against real OpenSSH sshd processes (skipped loudly where root or sshd is missing).
import { describe, it } from 'vitest';
import { startTestbed, testbedUnavailableReason, type Testbed } from '../helpers/sshd-testbed.js';
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
      };
    },
    teardown: async () => testbed?.stop(),
  });
}
