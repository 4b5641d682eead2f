// What an assessment sends and starts per sandbox host. Counted with strace -f (never timed): every process the
// batch creates and every program it starts, the sandbox's stand-ins included (they are scripts: psql,
// systemctl, sudo, pgrep). The bounds are the counts measured after issue 14 item 8 (files read by bash, one
// sha256sum for many files, no sort/tail/ls/cat/grep where bash does the work, one sudo for mentat's root
// probes), mentat's including the deploy-tree probe (assess-deploy-tree.ts: one sha256sum); the probes before
// it started 14 programs (41 processes) on landsraad and 21 (51) on mentat, without that probe. And a host's
// batch goes on stdin: a batch larger than a command line (ssh2's 35 000-byte packets) still runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssessment } from '../../source/engine/assess/assess-session.js';
import { readRepository } from '../../source/engine/assess/repo/repo-git.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { startSandbox, type RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { SshTransport } from '../../source/transport/ssh-transport.js';
import type { Transport } from '../../source/transport/transport.js';
import { programSummary, straceUnavailableReason, TracingTransport } from '../helpers/spawn-trace.js';

const unavailable = straceUnavailableReason();
const profilesDir = resolve('profiles');

describe('an assessment on the sandbox, per host', () => {
  let home: string;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'chom-assess-spawns-'));
    sandbox = await startSandbox({ home });
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const load = (ref: string): LoadedProfile => {
    const loaded = loadProfile(ref, { profilesDir, runtimeVars: Object.keys(sandbox.runtimeVars) });
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
    return loaded.profile;
  };
  const transports = <T extends Transport>(wrap: (t: SshTransport) => T): Map<string, T> => {
    const key = readFileSync(sandbox.clientKey.privateKeyPath);
    return new Map(
      Object.entries(sandbox.hosts).map(([name, host]) => [
        name,
        wrap(
          new SshTransport({
            host: name,
            address: '127.0.0.1',
            port: host.port,
            user: 'deploy',
            privateKeys: [{ label: 'sandbox client key', key }],
            embedded: { fingerprint: host.fingerprint },
            agentSocket: '',
            sshConfigPath: join(home, 'no-ssh-config'),
          }),
        ),
      ]),
    );
  };
  const assess = (profile: LoadedProfile, map: Map<string, Transport>) =>
    runAssessment({
      profile,
      transports: map,
      runtimeVars: sandbox.runtimeVars,
      snapshot: readRepository(sandbox.runtimeVars.sandbox_repo_dir!),
      operator: 'spawn-test',
    });

  it.skipIf(unavailable !== undefined)(
    'starts no more processes and programs than measured, and still reads every fact',
    async () => {
      const traced = transports((t) => new TracingTransport(t));
      try {
        const run = await assess(load('sandbox'), traced);
        expect(run.assessment?.exit_code, JSON.stringify(run.assessment?.hosts).slice(0, 1500)).toBe(0);
        const counted = Object.fromEntries(
          [...traced].map(([name, t]) => {
            const spawns = t.spawns();
            const which = programSummary(spawns);
            return [name, { processes: spawns.processes, programs: spawns.programs.length, which }];
          }),
        );
        // the figures and the programs, in the failure message when a bound is passed
        const shown = JSON.stringify(counted);
        expect(counted.landsraad!.programs, shown).toBeLessThanOrEqual(9);
        expect(counted.landsraad!.processes, shown).toBeLessThanOrEqual(35);
        expect(counted.mentat!.programs, shown).toBeLessThanOrEqual(14);
        expect(counted.mentat!.processes, shown).toBeLessThanOrEqual(43);
      } finally {
        for (const transport of traced.values()) await transport.close();
      }
    },
    120_000,
  );

  it('runs a batch larger than an SSH packet (the script travels on stdin)', async () => {
    // 40 probes of ~1.2 kB, single quotes included (quoting for the remote shell grows them): ~60 kB on mentat
    const text = `it's ${'x'.repeat(1200)}`;
    const probes = Array.from({ length: 40 }, (_, i) =>
      [
        `  - id: big-${i}`,
        `    title: Big probe ${i}`,
        '    host: mentat',
        '    run:',
        `      command: printf '%s\\n' ${JSON.stringify(text)} ${i}`,
        `    parse: { kind: lines, fact: big_${i} }`,
      ].join('\n'),
    );
    const file = join(home, 'big-batch.yaml');
    writeFileSync(file, `name: big-batch\nextends: sandbox\nassess:\n${probes.join('\n')}\n`);
    const map = transports((t) => t);
    try {
      const run = await assess(load(file), map);
      const mentat = run.assessment?.hosts.mentat;
      expect(mentat?.reachable, JSON.stringify(mentat?.unreachable)).toBe(true);
      expect(run.assessment?.exit_code).toBe(0);
      const big = mentat?.probes.filter((p) => p.id.startsWith('big-')) ?? [];
      expect(big.map((p) => `${p.id} ${p.ok}`)).toEqual(probes.map((_, i) => `big-${i} true`));
    } finally {
      for (const transport of map.values()) await transport.close();
    }
  }, 120_000);
});
