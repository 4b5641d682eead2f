// Include in ~/.ssh/config: files read in place, globs sorted, relative to the config's directory, conditional
// inside Host and Match blocks, loops stopped with the file and line, unreadable files named.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandGlob } from '../../source/transport/ssh-config-include.js';
import { readSshConfigEntries, resolveSshOptions } from '../../source/transport/ssh-options.js';

const home = mkdtempSync(join(tmpdir(), 'chom-sshcfg-'));
const ssh = join(home, '.ssh');
mkdirSync(join(ssh, 'config.d'), { recursive: true });
const write = (path: string, text: string): string => {
  writeFileSync(join(ssh, path), text);
  return join(ssh, path);
};
afterAll(() => rmSync(home, { recursive: true, force: true }));
const local = { home, localUser: 'op', uid: 1000, localHost: 'laptop', env: {} };
/** One file read as with `ssh -F FILE ALIAS`. */
const readSshHostConfig = (file: string, alias: string, at: string) =>
  resolveSshOptions(readSshConfigEntries({ user: file }, at), alias, {}, { ...local, home: at });

describe('ssh-config Include', () => {
  write('config.d/20-mentat', 'Host mentat\n  HostName 10.0.0.6\n  User from-20\n');
  write('config.d/10-mentat', 'Host mentat\n  User from-10\n  Port 2210\n');
  write('config.d/.hidden', 'Host mentat\n  User hidden\n');
  write('config.d/notes.txt', 'Host mentat\n  User txt\n');
  write('landsraad.conf', 'HostName 10.0.0.5\nUser lands\nHost inner\n  Port 1111\n');
  write('leak.conf', 'Host *\n  User leaked\n');
  write('tilde.conf', 'Port 2022\n');
  write('corp.conf', 'HostName %h.corp.example\n');
  const config = write(
    'config',
    [
      'Include config.d/[[:digit:]]*',
      'Host landsraad',
      '  Include landsraad.conf',
      '  Port 2222',
      'Host other',
      '  Include landsraad.conf',
      'Host nomatch',
      '  Include leak.conf',
      'Host tilde',
      '  Include ~/.ssh/tilde.conf',
      'Match originalhost corp-*',
      '  Include corp.conf',
      '  User corpuser',
      'Host *',
      '  User fallback',
      '  Include ~/.ssh/missing-*.conf ~/.ssh/absent ~/.ssh/[z-a]*',
      '',
    ].join('\n'),
  );

  it('reads the matches of a glob in sorted order, in place: the first value still wins', () => {
    expect(readSshHostConfig(config, 'mentat', home)).toMatchObject({
      hostName: '10.0.0.6',
      user: 'from-10',
      port: 2210,
    });
  });

  it('skips dot files for *, and names that match nothing', () => {
    expect(expandGlob(join(ssh, 'config.d/*'))).toEqual([
      join(ssh, 'config.d/10-mentat'),
      join(ssh, 'config.d/20-mentat'),
      join(ssh, 'config.d/notes.txt'),
    ]);
    expect(expandGlob(join(ssh, 'config.d/[!1]*'))).toEqual([
      join(ssh, 'config.d/20-mentat'),
      join(ssh, 'config.d/notes.txt'),
    ]);
    expect(expandGlob(join(ssh, 'nothing-*'))).toEqual([]);
  });

  it('applies an Include inside a Host block only to that block’s hosts, before the lines after it', () => {
    expect(readSshHostConfig(config, 'landsraad', home)).toMatchObject({
      hostName: '10.0.0.5',
      user: 'lands',
      port: 2222,
    });
    // the included file's own Host block counts only under its enclosing one; the enclosing block goes on
    // after the Include line
    expect(readSshHostConfig(config, 'inner', home)).toMatchObject({
      hostName: 'inner',
      port: 22,
      user: 'fallback',
      identityFiles: [],
    });
    expect(readSshHostConfig(config, 'tilde', home)).toMatchObject({ port: 2022, user: 'fallback' });
    expect(readSshHostConfig(config, 'elsewhere', home)).toMatchObject({
      hostName: 'elsewhere',
      port: 22,
      user: 'fallback',
      identityFiles: [],
    });
  });

  it('keeps a Match block in force across an Include that sets the HostName it tested', () => {
    expect(readSshHostConfig(config, 'corp-db', home)).toMatchObject({
      hostName: 'corp-db.corp.example',
      user: 'corpuser',
    });
  });

  it('reads relative Includes from ~/.ssh even for a config elsewhere, as ssh does for user configs', () => {
    mkdirSync(join(home, 'elsewhere'));
    const elsewhere = join(home, 'elsewhere', 'cfg');
    writeFileSync(elsewhere, 'Include config.d/1*\n');
    expect(readSshHostConfig(elsewhere, 'mentat', home).user).toBe('from-10');
  });

  it('follows a symlinked directory and an absolute path', () => {
    symlinkSync(join(ssh, 'config.d'), join(home, 'linked'));
    const absolute = write('absolute', `Include ${join(home, 'linked')}/2*\n`);
    expect(readSshHostConfig(absolute, 'mentat', home).user).toBe('from-20');
  });

  it('stops a file that includes itself, naming the file and line', () => {
    const loop = write('loop', 'Host a\n  User x\nInclude loop\n');
    expect(() => readSshHostConfig(loop, 'a', home)).toThrow(
      `${loop}:3: Include nested more than 16 deep (does a file include itself?)`,
    );
  });

  it('names a config it cannot read and says what to do (a directory where the file should be)', () => {
    mkdirSync(join(ssh, 'config-dir'));
    expect(() => readSshHostConfig(join(ssh, 'config-dir'), 'a', home)).toThrow(
      `cannot read the ssh config ${join(ssh, 'config-dir')} (EISDIR); make it a readable file`,
    );
  });
});
