// <home>/sandbox/owner.pid: the sandbox of this home that is starting or running (in-process or the `sandbox
// up` daemon): its process and a token of its own. Written before anything listens and removed on stop, so a
// second start is refused with a clear message and `sandbox reset` can tell a port held by this world's own
// servers from one another program took.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pidAlive } from './pid.js';

/** A live process, and a node one: a pid reused by another program after a killed console is not an owner. */
const alive = (pid: number): boolean => {
  if (!pidAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc (macOS): trust the pid
  }
};

function read(file: string): { pid: number; token: string } | undefined {
  try {
    const [pid = '', token = ''] = readFileSync(file, 'utf8').split('\n');
    return { pid: Number.parseInt(pid, 10), token };
  } catch {
    return undefined;
  }
}

/** The owner's pid if it still runs (a file left by a killed process does not count). */
export function liveOwner(file: string): number | undefined {
  const owner = read(file);
  return owner && alive(owner.pid) ? owner.pid : undefined;
}

/**
 * Claims the home for one sandbox, atomically (the file is created exclusively, a claim left by a killed
 * process is replaced): the release removes the claim only if it is still this one's. When a live sandbox
 * holds the claim, its pid instead.
 */
export function claimOwner(file: string): { release: () => void } | { owner: number } {
  const token = randomBytes(8).toString('hex');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n${token}\n`, { flag: 'wx' });
      return {
        release: () => {
          if (read(file)?.token === token) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = liveOwner(file);
    if (owner !== undefined) return { owner };
    rmSync(file, { force: true }); // a killed sandbox's claim
  }
  throw new Error(`sandbox: could not claim ${file} (another start keeps replacing it); try again`);
}
