import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, keyTypeOf } from '../../source/transport/host-key.js';
import {
  appendKnownHost,
  hashHostName,
  knownHostName,
  parseKnownHosts,
  verdictFor,
} from '../../source/transport/known-hosts.js';

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const b = Buffer.from(body);
  const out = Buffer.alloc(8 + t.length + b.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  out.writeUInt32BE(b.length, 4 + t.length);
  b.copy(out, 8 + t.length);
  return out;
}

const ed = blob('ssh-ed25519', 'key-one');
const edOther = blob('ssh-ed25519', 'key-two');
const ecdsa = blob('ecdsa-sha2-nistp256', 'key-three');
const line = (hosts: string, key: Buffer) => `${hosts} ${keyTypeOf(key)} ${key.toString('base64')}`;

describe('known_hosts', () => {
  it('names non-22 ports as [host]:port', () => {
    expect(knownHostName('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(knownHostName('127.0.0.1', 2221)).toBe('[127.0.0.1]:2221');
  });

  it('matches plain, comma-listed, wildcard and hashed host fields', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        line('a.example,b.example', ed),
        line('*.wild', ed),
        line(hashHostName('[127.0.0.1]:2221'), ed),
      ].join('\n'),
    );
    expect(verdictFor(entries, 'b.example', 'ssh-ed25519', ed)).toEqual({ kind: 'match', line: 2 });
    expect(verdictFor(entries, 'x.wild', 'ssh-ed25519', ed)).toEqual({ kind: 'match', line: 3 });
    expect(verdictFor(entries, '[127.0.0.1]:2221', 'ssh-ed25519', ed)).toEqual({ kind: 'match', line: 4 });
    expect(verdictFor(entries, '[127.0.0.1]:2222', 'ssh-ed25519', ed).kind).toBe('unknown');
  });

  it('reports a changed key of the same type with its line; another type is merely unknown', () => {
    const entries = parseKnownHosts(`${line('host', ecdsa)}\n${line('host', edOther)}\n`);
    expect(verdictFor(entries, 'host', 'ssh-ed25519', ed)).toEqual({
      kind: 'changed',
      line: 2,
      knownFingerprint: fingerprintOf(edOther),
    });
    expect(verdictFor(parseKnownHosts(line('host', ecdsa)), 'host', 'ssh-ed25519', ed)).toEqual({
      kind: 'unknown',
      otherTypes: ['ecdsa-sha2-nistp256'],
    });
  });

  it('honours @revoked and ignores @cert-authority', () => {
    const entries = parseKnownHosts(`@revoked ${line('host', ed)}\n@cert-authority ${line('*', edOther)}\n`);
    expect(verdictFor(entries, 'host', 'ssh-ed25519', ed).kind).toBe('revoked');
    expect(verdictFor(entries, 'other', 'ssh-ed25519', edOther).kind).toBe('unknown');
  });

  it('appends accepted keys on their own line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kh-')), 'sub', 'known_hosts');
    appendKnownHost(path, '[127.0.0.1]:2221', 'ssh-ed25519', ed);
    appendKnownHost(path, 'plain', 'ssh-ed25519', edOther);
    expect(readFileSync(path, 'utf8')).toBe(`${line('[127.0.0.1]:2221', ed)}\n${line('plain', edOther)}\n`);
  });
});
