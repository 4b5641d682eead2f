// Each vitest worker chooses new loopback ports in its own slice of the range below the ephemeral one, so a
// port one worker saved while its world is stopped (a restart, `down` then `up`) cannot be picked by the
// other worker meanwhile. Child processes (the CLI under test, the sandbox daemon) inherit the slice.
import { ephemeralRange } from '../../source/sandbox/lifecycle/ports.js';

const worker = Number(process.env.VITEST_POOL_ID ?? '1');
const workers = 4; // at least vitest's maxWorkers; slices are small enough for any of them
const [ephemeralLow] = ephemeralRange();
const low = 16384;
const width = Math.floor((ephemeralLow - low) / workers);
if (
  process.env.CHOM_CONSOLE_SANDBOX_PORTS === undefined &&
  width >= 1024 &&
  worker >= 1 &&
  worker <= workers
) {
  const start = low + (worker - 1) * width;
  process.env.CHOM_CONSOLE_SANDBOX_PORTS = `${start}-${start + width - 1}`;
}
