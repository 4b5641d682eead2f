// The fault matrix (test/e2e/fault-matrix.ts), console column: at each critical step the console is killed
// with SIGKILL while the step's command is in flight, the command finishes on the host, then `deploy --resume`.
// Its own file so vitest runs it beside the sshd column in another worker.
import { describeFaultMatrix } from './fault-matrix.js';

describeFaultMatrix('console');
