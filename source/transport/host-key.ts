// Host key identity: the `SHA256:…` fingerprint exactly as `ssh-keygen -lf` prints it, and the key type of a blob.
import { createHash } from 'node:crypto';

/** `SHA256:` + unpadded base64 of the SHA-256 of the key blob (what `ssh-keygen -lf` shows). */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** Fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
export function fingerprintOfPublicKeyLine(line: string): string {
  const base64 = line.trim().split(/\s+/)[1];
  if (!base64) throw new Error(`not an OpenSSH public key line: ${line.slice(0, 40)}`);
  return fingerprintOf(Buffer.from(base64, 'base64'));
}
