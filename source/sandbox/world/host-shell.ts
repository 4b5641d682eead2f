// How a sandbox host runs commands (docs/architecture.md): `bash -c` in its root, with its bin/ first in PATH.
import { sandboxPaths, type HostName } from '../lifecycle/paths.js';

/** cwd and environment of a host's shell; the embedded SSH server and real sshd (SetEnv) use the same. */
export type HostShell = { cwd: string; env: Record<string, string> };

export function hostShell(home: string, host: HostName): HostShell {
  const paths = sandboxPaths(home);
  const root = paths.root(host);
  return {
    cwd: root,
    env: {
      PATH: `${root}/bin:/usr/local/bin:/usr/bin:/bin`,
      HOME: `${root}/home/deploy`,
      // the host's own temporary directory (mktemp and the like): the machine's /tmp is not the host's
      TMPDIR: `${root}/tmp`,
      CHOM_SANDBOX_ROOT: root,
      CHOM_SANDBOX_HOST: host,
      CHOM_SANDBOX_WORLD: paths.world,
      LANG: 'C.UTF-8',
      TZ: 'UTC',
    },
  };
}
