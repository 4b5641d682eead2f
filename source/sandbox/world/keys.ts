// The sandbox's SSH keys under <home>/sandbox/keys: one client key pair for the console and a host key per
// host, generated once and kept across restarts and resets (so known fingerprints stay valid).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '../../transport/embedded-server.js';
import type { HostName } from '../lifecycle/paths.js';

/** Paths and public half of a key pair. */
export type KeyFiles = { privateKeyPath: string; publicKeyPath: string; publicKey: string };

function ensurePair(dir: string, name: string, comment: string): KeyFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(dir, name);
  const publicKeyPath = `${privateKeyPath}.pub`;
  if (!existsSync(privateKeyPath) || !existsSync(publicKeyPath)) {
    const pair = generateKeyPair(comment);
    writeFileSync(privateKeyPath, pair.privateKey, { mode: 0o600 });
    chmodSync(privateKeyPath, 0o600);
    writeFileSync(publicKeyPath, `${pair.publicKey.trim()}\n`, { mode: 0o644 });
  }
  return { privateKeyPath, publicKeyPath, publicKey: readFileSync(publicKeyPath, 'utf8').trim() };
}

export const clientKey = (keysDir: string): KeyFiles =>
  ensurePair(keysDir, 'console_ed25519', 'chom-console sandbox client');
export const hostKey = (keysDir: string, host: HostName): KeyFiles =>
  ensurePair(keysDir, `${host}_host_ed25519`, `${host} sandbox host`);
