// Whether a process still runs, for the sandbox's pid files (the daemon's status, the world's owner,
// Prometheus and Alertmanager under mentat's run/).
import { readFileSync } from 'node:fs';

/** The process exists (EPERM: it does, owned by someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid on a file's first line; undefined when the file is gone (a stop may remove it meanwhile). */
export function readPidFile(file: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return undefined;
  }
}
