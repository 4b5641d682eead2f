// <home>/sandbox/status.json: what a detached `sandbox up` daemon serves, so other commands can reuse it.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { HostName } from './paths.js';
import { pidAlive } from './pid.js';
import type { RunningSandbox, SandboxHost, SandboxService } from './sandbox.js';

/** The daemon's published state. */
export type SandboxStatus = {
  pid: number;
  startedAt: string;
  startMs: number;
  home: string;
  hosts: Partial<Record<HostName, SandboxHost>>;
  clientKey: { privateKeyPath: string; publicKey: string };
  runtimeVars: Record<string, string>;
  services: SandboxService[];
  mailDir: string;
};

/** What this process publishes for the sandbox it runs (the daemon, or a test world that serves commands). */
export function statusOf(sandbox: RunningSandbox, home: string): SandboxStatus {
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    startMs: sandbox.startMs,
    home,
    hosts: sandbox.hosts,
    clientKey: { privateKeyPath: sandbox.clientKey.privateKeyPath, publicKey: sandbox.clientKey.publicKey },
    runtimeVars: sandbox.runtimeVars,
    services: sandbox.services,
    mailDir: sandbox.mail.dir,
  };
}

export function writeStatus(file: string, status: SandboxStatus): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The status of a live daemon; undefined (and a stale file removed) otherwise. */
export function readLiveStatus(file: string): SandboxStatus | undefined {
  if (!existsSync(file)) return undefined;
  let status: SandboxStatus;
  try {
    status = JSON.parse(readFileSync(file, 'utf8')) as SandboxStatus;
  } catch {
    return undefined;
  }
  if (pidAlive(status.pid)) return status;
  rmSync(file, { force: true });
  return undefined;
}
