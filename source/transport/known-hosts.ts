// known_hosts as OpenSSH reads it: plain and hashed (`|1|salt|hash`) host fields, `[host]:port` for ports other
// than 22, several key types per host, @revoked and @cert-authority markers.
import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fingerprintOf } from './host-key.js';

/** One usable line of a known_hosts file. */
export type KnownHostEntry = {
  /** The file it was read from (none for a text parsed on its own). */
  file?: string;
  line: number;
  marker: 'none' | 'revoked' | 'cert-authority';
  hosts: string;
  keyType: string;
  key: Buffer;
};

/** What known_hosts says about a presented key. */
export type KnownHostVerdict =
  | { kind: 'match'; file?: string; line: number }
  | { kind: 'revoked'; file?: string; line: number }
  | { kind: 'changed'; file?: string; line: number; knownFingerprint: string }
  | { kind: 'unknown'; otherTypes: string[] };

/** The host name as known_hosts writes it: `address` for port 22, `[address]:port` otherwise. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export function parseKnownHosts(text: string, file?: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'] = 'none';
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64) return;
    entries.push({
      ...(file !== undefined && { file }),
      line: index + 1,
      marker,
      hosts,
      keyType,
      key: Buffer.from(base64, 'base64'),
    });
  });
  return entries;
}

function globMatch(pattern: string, name: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

function hashedMatch(field: string, name: string): boolean {
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether a host field (comma list, globs, `!negations`, or one hashed name) covers `name`. */
function hostsFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatch(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) matched = true;
  }
  return matched;
}

/** Checks a presented key for `name` (see `knownHostName`) against the entries. */
export function verdictFor(
  entries: KnownHostEntry[],
  name: string,
  keyType: string,
  key: Buffer,
): KnownHostVerdict {
  const relevant = entries.filter((e) => e.marker !== 'cert-authority' && hostsFieldMatches(e.hosts, name));
  const revoked = relevant.find((e) => e.marker === 'revoked' && e.key.equals(key));
  const at = (e: KnownHostEntry) => ({ ...(e.file !== undefined && { file: e.file }), line: e.line });
  if (revoked) return { kind: 'revoked', ...at(revoked) };
  const sameType = relevant.filter((e) => e.marker === 'none' && e.keyType === keyType);
  const match = sameType.find((e) => e.key.equals(key));
  if (match) return { kind: 'match', ...at(match) };
  const changed = sameType[0];
  if (changed) return { kind: 'changed', ...at(changed), knownFingerprint: fingerprintOf(changed.key) };
  return { kind: 'unknown', otherTypes: [...new Set(relevant.map((e) => e.keyType))] };
}

export function readKnownHosts(path: string): KnownHostEntry[] {
  return existsSync(path) ? parseKnownHosts(readFileSync(path, 'utf8'), path) : [];
}

/** Appends an accepted key; `hashed` writes the `|1|salt|hash` form like HashKnownHosts yes. */
export function appendKnownHost(
  path: string,
  name: string,
  keyType: string,
  key: Buffer,
  hashed = false,
): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  appendFileSync(
    path,
    `${separator}${hashed ? hashHostName(name) : name} ${keyType} ${key.toString('base64')}\n`,
    {
      mode: 0o644,
    },
  );
}

/** The `|1|salt|hash` form of a host name (HMAC-SHA1 keyed by a random salt). */
export function hashHostName(name: string, salt = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}
