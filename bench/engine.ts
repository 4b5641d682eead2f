// Engine overhead per step: the runner (interpolation, command building, redaction, events, reducer-ready
// stream, journal) against bare transport.exec calls of the same commands, in the same process and run.
// Run: npx tsx bench/engine.ts          Target: < 1 ms of engine overhead per step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headlessGates } from '../source/engine/run/gates.js';
import { initialRunState, reduceRunState } from '../source/engine/run/run-state.js';
import { createRunner } from '../source/engine/run/runner.js';
import { profileSchema } from '../source/profile/schema.js';
import type { Transport } from '../source/transport/transport.js';
import { FakeTransport, LocalBashTransport } from '../test/helpers/fake-transport.js';

function profileWith(steps: number) {
  return profileSchema.parse({
    name: 'bench',
    hosts: { app: { embedded: true } },
    vars: { base: "/srv/it's here" },
    phases: [
      {
        id: 'p',
        title: 'Bench',
        steps: Array.from({ length: steps }, (_, i) => ({
          id: `s${i}`,
          title: `Step ${i}`,
          host: 'app',
          run: { command: `echo step ${i} {{base}}`, cwd: '/tmp' },
        })),
      },
    ],
  });
}

/** One run of `steps` steps, `runs` times, against the same number of bare execs (a real profile has ~60 steps). */
async function measure(label: string, transport: Transport, steps: number, runs: number): Promise<void> {
  const profile = profileWith(steps);
  const commands = profile.phases[0]!.steps.map(
    (s) => `cd -- /tmp || exit 1\necho step ${s.id.slice(1)} '/srv/it'\\''s here'`,
  );
  // Warm up both paths (JIT, module loading) before measuring either.
  for (const command of commands.slice(0, 20)) await transport.exec({ command });
  await runOnce(profile, transport);
  let bare = 0;
  let engine = 0;
  for (let i = 0; i < runs; i += 1) {
    const bareStart = performance.now();
    for (const command of commands)
      await transport.exec({ command, onStdout: () => undefined, onStderr: () => undefined });
    bare += performance.now() - bareStart;
    engine += await runOnce(profile, transport);
  }
  const total = steps * runs;
  const overhead = (engine - bare) / total;
  console.log(
    `${label.padEnd(28)} ${runs} runs x ${steps} steps  bare ${(bare / total).toFixed(3)} ms/step  engine ${(engine / total).toFixed(3)} ms/step  ratio ${(engine / bare).toFixed(2)}x  overhead ${overhead.toFixed(3)} ms/step ${overhead < 1 ? '(< 1 ms: ok)' : '(OVER the 1 ms target)'}`,
  );
}

/** A full run with a journal, a registered secret (redaction scans every string) and the UI's reducer. */
async function runOnce(profile: ReturnType<typeof profileWith>, transport: Transport): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  const runner = createRunner({
    profile,
    plan: { mode: 'deploy', phases: profile.phases },
    transports: new Map([['app', transport]]),
    gates: headlessGates({ yes: true, operator: 'bench' }),
    operator: 'bench',
    stateDir,
  });
  runner.redactor.add('a-secret-value-to-scan-for');
  let state = initialRunState;
  runner.subscribe((event) => {
    state = reduceRunState(state, event);
  });
  const started = performance.now();
  const summary = await runner.run();
  const elapsed = performance.now() - started;
  rmSync(stateDir, { recursive: true, force: true });
  if (summary.outcome !== 'ok' || state.outcome !== 'ok')
    throw new Error(`bench run failed: ${summary.message}`);
  return elapsed;
}

const fake = new FakeTransport('app').on(/echo step/, { stdout: 'step output line\n' });
await measure('fake transport (0 latency)', fake, 60, 50);
await measure('local bash transport', new LocalBashTransport('app', tmpdir()), 60, 3);
