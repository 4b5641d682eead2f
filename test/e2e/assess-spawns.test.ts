// What an assessment sends and starts per sandbox host. Counted with strace -f (never timed): every process the
// batch creates and every program it starts, the sandbox's stand-ins included (they are scripts: psql,
// systemctl, sudo, pgrep). The bounds are the counts measured after issue 14 item 8 (files read by bash, one
// sha256sum for many files, no sort/tail/ls/cat/grep where bash does the work, one sudo for mentat's root
// probes), mentat's including the deploy-tree probe (assess-deploy-tree.ts: one sha256sum); the probes before
// it started 14 programs (41 processes) on landsraad and 21 (51) on mentat, without that probe. And a host's
// batch goes on stdin: a batch larger than a command line (ssh2's 35 000-byte packets) still runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssessment } from '../../source/engine/assess/assess-session.js';
import { readRepository } from '../../source/engine/assess/repo/repo-git.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import type { SshTransport } from '../../source/transport/ssh-transport.js';
import type { Transport } from '../../source/transport/transport.js';
import { loadSandboxProfile, startWorld, worldTransports, type World } from '../helpers/sandbox-world.js';
import { programSummary, straceUnavailableReason, TracingTransport } from '../helpers/spawn-trace.js';

const unavailable = straceUnavailableReason();

describe('an assessment on the sandbox, per host', () => {
  let world: World | undefined;
  let home: string;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    world = await startWorld('chom-assess-spawns-');
    ({ home, sandbox } = world);
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  const load = (ref: string): LoadedProfile => loadSandboxProfile(sandbox, ref);
  // the console's own wiring of the embedded hosts, each transport wrapped (to trace it)
  const transports = <T extends Transport>(wrap: (t: SshTransport) => T): Map<string, T> =>
    new Map([...worldTransports(load('sandbox'), sandbox).transports].map(([name, t]) => [name, wrap(t)]));
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
    // the runbook's own probes stay (its steps' `when:` conditions name facts they report), the big ones added
    const runbook = readFileSync(resolve('profiles/production/assess.yaml'), 'utf8')
      .split('\n')
      .map((line) => (line === '' ? line : `  ${line}`))
      .join('\n');
    writeFileSync(file, `name: big-batch\nextends: sandbox\nassess:\n${runbook}\n${probes.join('\n')}\n`);
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
