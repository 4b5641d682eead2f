// The fault matrix (test/e2e/fault-matrix.ts), sshd column: at each critical step the serving host's sshd is
// stopped (SIGSTOP), the step's command finishes unseen, sshd is killed (SIGKILL) and started again, then
// `deploy --resume`. Its own file so vitest runs it beside the console column in another worker.
import { describeFaultMatrix } from './fault-matrix.js';

describeFaultMatrix('sshd');
