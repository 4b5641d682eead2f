// `plan --live` against `assess` on the same sandbox hosts, in one run (`npx tsx bench/plan.ts`): both
// commands run in this process (cliInProcess: no tsx start-up in the numbers), alternately, each connecting
// afresh as the CLI does, over real OpenSSH sshd when root and sshd are available (else the in-process ssh2
// hosts). Prints the medians and the ratio plan/assess; goal ≤ 1.3×. Never fails on time.
// BENCH_ROUNDS (default 9) sets the rounds after one warm-up of each.
import { cliInProcess } from '../test/cli/cli-in-process.js';
import { startHeadlessWorld } from '../test/e2e/headless-harness.js';
import { sandboxSshdUnavailableReason, sshdProfile, startSandboxSshd } from '../test/helpers/sandbox-sshd.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const reason = sandboxSshdUnavailableReason();
const world = await startHeadlessWorld('chom-bench-plan-', { sshd: reason !== undefined });
const sshd = reason === undefined ? await startSandboxSshd(world.home) : undefined;
const served = sshd ? sshdProfile(world.home, sshd) : undefined;
// known_hosts of the sshd variant is read from $HOME when the transports are built (this process's)
if (served) process.env.HOME = served.operatorHome;
const profileArgs = served ? ['--profile', served.profile] : ['--profile', 'sandbox'];
const env = { CHOM_CONSOLE_HOME: world.home, ...(served && { CHOM_CONSOLE_SANDBOX: '1' }) };

async function timed(args: string[]): Promise<number> {
  const start = performance.now();
  const run = await cliInProcess([...args, '--plain', ...profileArgs], { env });
  const took = performance.now() - start;
  if (run.code !== 0) throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stderr.slice(-400)}`);
  return took;
}

const assess = ['assess', '--format', 'json'];
const plan = ['plan', '--live', '--format', 'json'];
try {
  console.log(
    `bench/plan: ${sshd ? 'real OpenSSH sshd' : `in-process ssh2 hosts (${reason})`}, ${rounds} rounds of each, alternating`,
  );
  await timed(assess);
  await timed(plan);
  const times = { assess: [] as number[], plan: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    times.assess.push(await timed(assess));
    times.plan.push(await timed(plan));
  }
  const a = median(times.assess);
  const p = median(times.plan);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`assess --format json        median ${ms(a)}  (min ${ms(Math.min(...times.assess))})`);
  console.log(`plan --live --format json   median ${ms(p)}  (min ${ms(Math.min(...times.plan))})`);
  console.log(
    `ratio plan --live / assess: ${(p / a).toFixed(2)}×  (goal ≤ 1.3×) ${p / a <= 1.3 ? 'met' : 'NOT met'}`,
  );
} finally {
  await sshd?.stop();
  await world.close();
}
