import { describe, expect, it } from 'vitest';
import { hostPatternsMatch, parseSshConfig, type SshConfigEntry } from '../../source/transport/ssh-config.js';
import { expandTilde } from '../../source/transport/ssh-config-tokens.js';
import { resolveSshOptions } from '../../source/transport/ssh-options.js';

/** Resolves as ssh would for local user `op` (the profile's user given as `-o User`). */
const resolveSshHost = (entries: SshConfigEntry[], alias: string, home = '/home/op', user?: string) =>
  resolveSshOptions(entries, alias, user === undefined ? {} : { user }, {
    home,
    localUser: 'op',
    uid: 1000,
    localHost: 'laptop.example',
    env: {},
  });

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
    expect(resolveSshHost(blocks, 'landsraad', '/home/op')).toMatchObject({
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
    expect(resolved).toMatchObject({
      hostName: 'mentat',
      port: 22,
      user: 'op',
      identityFiles: [],
      identitiesOnly: false,
      userKnownHostsFiles: ['/home/op/.ssh/known_hosts', '/home/op/.ssh/known_hosts2'],
      strictHostKeyChecking: 'ask',
      serverAliveIntervalSeconds: 0,
      serverAliveCountMax: 3,
    });
    expect(resolved.connectTimeoutSeconds).toBeUndefined();
    expect(expandTilde('~', '/home/op')).toBe('/home/op');
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
    expect(resolveSshHost(entries, 'landsraad', '/home/op', 'stilgar')).toMatchObject({
      hostName: 'landsraad.arewel.com',
      port: 2200,
      // the profile's user is given as `-o User`: it wins over the config's
      user: 'stilgar',
      proxyJump: 'bastion-1',
      identityFiles: [],
      identitiesOnly: false,
    });
  });

  it('tests user against the profile’s user, negation included', () => {
    expect(resolveSshHost(entries, 'landsraad', '/home/op', 'root').hostName).toBe('landsraad');
    expect(resolveSshHost(entries, 'other', '/home/op', 'ops').identityFiles).toEqual([
      '/home/op/.ssh/ops_key',
    ]);
  });

  it('never applies a block whose criteria it cannot evaluate (exec), nor canonical on the first pass', () => {
    // both blocks come before `Match all` and would set the user
    expect(resolveSshHost(entries, 'x', '/home/op').user).toBe('deploy');
  });

  it('tests a Match line once, where it stands: the HostName it sets does not cancel its own later lines', () => {
    const config = parseSshConfig(
      'Match host *.example.com\n  HostName foo.internal\n  Port 2222\n  User corp\nHost *\n  User other\n',
    );
    expect(resolveSshHost(config, 'a.example.com', '/h')).toMatchObject({
      hostName: 'foo.internal',
      port: 2222,
      user: 'corp',
    });
    expect(resolveSshHost(config, 'b.elsewhere', '/h').user).toBe('other');
  });

  it('reads the final pass when a Match asks for it; !canonical holds on the first', () => {
    const config = parseSshConfig(
      'Host db\n  HostName db.internal\nMatch final host *.internal\n  User final-user\n' +
        'Match !canonical\n  Port 2022\nMatch final\n  Port 9999\n  IdentityFile ~/.ssh/%r_key\n',
    );
    expect(resolveSshHost(config, 'db', '/h')).toMatchObject({
      hostName: 'db.internal',
      port: 2022,
      user: 'final-user',
      identityFiles: ['/h/.ssh/final-user_key'],
      identitiesOnly: false,
    });
  });

  it('matches user, localuser and Host case-sensitively, Match host and originalhost without case', () => {
    const config = parseSshConfig(
      'Match user ROOT\n  Port 1\nHost landsraad\n  Port 2\nMatch originalhost MENTAT\n  Port 3\n',
    );
    expect(resolveSshHost(config, 'x', '/h', 'root').port).toBe(22);
    expect(resolveSshHost(config, 'LandsRaad', '/h').port).toBe(22);
    expect(resolveSshHost(config, 'landsraad', '/h').port).toBe(2);
    expect(resolveSshHost(config, 'Mentat', '/h').port).toBe(3);
  });

  it('refuses a Match ssh refuses, with the line', () => {
    expect(() => parseSshConfig('Host a\n  User b\nMatch all host x\n')).toThrow(
      'ssh config:3: Match all host x is not a Match ssh accepts; fix that line of your ssh config',
    );
    expect(() => parseSshConfig('Match host\n')).toThrow(
      'ssh config:1: Match host is not a Match ssh accepts',
    );
  });
});

describe('ssh-config words', () => {
  it('ends a line at a comment word, keeps # inside a word, and reads quotes and escapes', () => {
    const config = parseSshConfig(
      [
        'Host prod # the production box',
        '  HostName 1.2.3.4 # primary',
        '  Port 22 # ssh',
        "  IdentityFile '~/keys/my key' ~/ignored",
        '  User a#b',
        'Match all # everything else',
        '  ProxyJump jump\\ host',
        '',
      ].join('\n'),
    );
    expect(resolveSshHost(config, 'prod', '/h')).toMatchObject({
      hostName: '1.2.3.4',
      port: 22,
      user: 'a#b',
      // a backslash-escaped space joins the words
      proxyJump: 'jump host',
      identityFiles: ['/h/keys/my key'],
      identitiesOnly: false,
    });
    expect(resolveSshHost(config, 'other', '/h').proxyJump).toBe('jump host');
  });

  it('refuses a value ssh refuses, wherever it stands, naming the line', () => {
    expect(() => parseSshConfig('Host a\n  User b\nHost other\n  Port 24901x\n')).toThrow(
      'ssh config:4: Port 24901x is not a value ssh accepts; fix that line of your ssh config',
    );
    expect(() => parseSshConfig('ConnectTimeout soon\n')).toThrow(
      'ssh config:1: ConnectTimeout soon is not a value ssh accepts',
    );
  });

  it('refuses a line with an open quote, naming it', () => {
    expect(() => parseSshConfig('Host a\n  IdentityFile "~/.ssh/x\n')).toThrow(
      'ssh config:2: unbalanced quotes; fix that line of your ssh config',
    );
  });

  it('tries an identity once even when two blocks name it, and %r is the local user without one', () => {
    const config = parseSshConfig(
      'Host a\n  IdentityFile ~/.ssh/k_%r\nHost *\n  IdentityFile %d/.ssh/k_%r\n',
    );
    expect(resolveSshHost(config, 'a', '/h').identityFiles).toEqual(['/h/.ssh/k_op']);
  });
});
