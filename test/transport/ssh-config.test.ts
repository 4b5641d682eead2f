import { describe, expect, it } from 'vitest';
import {
  expandPath,
  hostPatternsMatch,
  parseSshConfig,
  resolveSshHost,
} from '../../source/transport/ssh-config.js';

const config = `
# global defaults come first
IdentitiesOnly no
Host landsraad lands-?
  HostName 10.0.0.5
  Port 2222
  User deploy
  IdentityFile ~/.ssh/landsraad_ed25519
Host *.internal !secret.internal
  User ops
  IdentityFile=%d/keys/%h.key
Host *
  User fallback
  Port 22
  IdentityFile "~/.ssh/id_ed25519"
  IdentitiesOnly yes
Match host foo
  User never
`;

describe('ssh-config', () => {
  const blocks = parseSshConfig(config);

  it('matches Host patterns with *, ? and negation', () => {
    expect(hostPatternsMatch(['lands-?'], 'lands-1')).toBe(true);
    expect(hostPatternsMatch(['lands-?'], 'lands-10')).toBe(false);
    expect(hostPatternsMatch(['*.internal', '!secret.internal'], 'db.internal')).toBe(true);
    expect(hostPatternsMatch(['*.internal', '!secret.internal'], 'secret.internal')).toBe(false);
  });

  it('resolves an alias: first value wins, IdentityFile accumulates with ~ expanded', () => {
    expect(resolveSshHost(blocks, 'landsraad', '/home/op')).toEqual({
      hostName: '10.0.0.5',
      port: 2222,
      user: 'deploy',
      identityFiles: ['/home/op/.ssh/landsraad_ed25519', '/home/op/.ssh/id_ed25519'],
      identitiesOnly: false,
    });
  });

  it('expands %d and %h, accepts Keyword=value; a Match after the values it sets changes nothing', () => {
    const resolved = resolveSshHost(blocks, 'db.internal', '/home/op');
    expect(resolved.user).toBe('ops');
    expect(resolved.port).toBe(22);
    expect(resolved.identityFiles[0]).toBe('/home/op/keys/db.internal.key');
    expect(resolveSshHost(blocks, 'foo', '/h').user).toBe('fallback');
  });

  it('leaves unmatched hosts to the defaults', () => {
    const resolved = resolveSshHost(parseSshConfig('Host other\n  Port 1\n'), 'mentat');
    expect(resolved).toEqual({ identityFiles: [], identitiesOnly: false });
    expect(expandPath('~', { host: 'x' }, '/home/op')).toBe('/home/op');
  });

  it('reads ProxyJump unless it is none', () => {
    const withJump = parseSshConfig('Host inner\n  ProxyJump bastion\nHost none-jump\n  ProxyJump none\n');
    expect(resolveSshHost(withJump, 'inner').proxyJump).toBe('bastion');
    expect(resolveSshHost(withJump, 'none-jump').proxyJump).toBeUndefined();
  });
});

describe('ssh-config Match', () => {
  const entries = parseSshConfig(`
Host bastion-*
  User jump
Match originalhost landsraad,mentat !user root
  HostName %h.arewel.com
  ProxyJump bastion-1
Match host *.arewel.com
  Port 2200
Match user ops
  IdentityFile ~/.ssh/ops_key
Match exec "test -f /etc/never"
  User never
Match canonical all
  User never-either
Match all
  User deploy
`);

  it('tests originalhost against the alias and host against the HostName found so far', () => {
    // the user given (the profile's): without one, `Match user` tests the local user name, as ssh does
    expect(resolveSshHost(entries, 'landsraad', '/home/op', 'stilgar')).toEqual({
      hostName: 'landsraad.arewel.com',
      port: 2200,
      user: 'deploy',
      proxyJump: 'bastion-1',
      identityFiles: [],
      identitiesOnly: false,
    });
  });

  it('tests user against the profile’s user, negation included', () => {
    expect(resolveSshHost(entries, 'landsraad', '/home/op', 'root').hostName).toBeUndefined();
    expect(resolveSshHost(entries, 'other', '/home/op', 'ops').identityFiles).toEqual([
      '/home/op/.ssh/ops_key',
    ]);
  });

  it('never applies a block whose criteria it cannot evaluate (exec, canonical)', () => {
    expect(resolveSshHost(entries, 'bastion-1', '/home/op').user).toBe('jump');
    expect(resolveSshHost(entries, 'x', '/home/op').user).toBe('deploy');
  });
});
