// OpenSSH as the oracle: every config of test/fixtures/ssh-config/ is resolved by the console and by
// `ssh -G -F FILE ALIAS`, and they must agree on every option the console uses. A case names its aliases
// (`# resolve:`), optional profile values given as `ssh -o` (`# with:`, one resolution per line), and an
// optional system file (`# system:`), read after the user's file as ssh reads /etc/ssh/ssh_config; ssh -F
// reads no system file, so ssh is given the user's file ending in `Match all` + `Include SYSTEM`, which
// ssh reads the same way (the included file starts with every line in force, as a new file does).
// Skipped loudly only where `ssh` is missing.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  localSide,
  readSshConfigEntries,
  resolveSshOptions,
  type SshCommandLine,
  type SshOptions,
} from '../../source/transport/ssh-options.js';
import { DEFAULT_IDENTITIES } from '../../source/transport/ssh-target.js';

const corpus = join(import.meta.dirname, '..', 'fixtures', 'ssh-config');
const sshMissing = spawnSync('ssh', ['-V']).error !== undefined;
if (sshMissing)
  console.warn('\n*** SKIPPING the ssh_config oracle corpus: no `ssh` (install openssh-client) ***\n');

type Case = { file: string; aliases: string[]; withs: Array<Record<string, string>>; system?: string };

function caseOf(file: string): Case {
  const header = (name: string): string[] =>
    readFileSync(join(corpus, file), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith(`# ${name}:`))
      .map((line) => line.slice(name.length + 3).trim());
  const system = header('system')[0];
  return {
    file,
    aliases: (header('resolve')[0] ?? '').split(/\s+/).filter((a) => a !== ''),
    withs: [
      {},
      ...header('with').map((line) =>
        Object.fromEntries(line.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
      ),
    ],
    ...(system !== undefined && { system }),
  };
}

const cases = readdirSync(corpus)
  .filter((name) => name.endsWith('.conf'))
  .sort()
  .map(caseOf);

// The corpus is written as users write it (`Include conf.d/*.conf`, `Include ~/.ssh/…`: relative to ~/.ssh).
// Both sides must read the same text without the test touching the real ~/.ssh: a copy of the corpus with
// those Include paths made absolute, handed to both.
const copy = mkdtempSync(join(tmpdir(), 'chom-ssh-oracle-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));
cpSync(corpus, copy, { recursive: true });
const absoluteIncludes = (text: string): string =>
  text.replace(
    /^(\s*Include\s+)(.*)$/gim,
    (_all, head: string, args: string) =>
      head +
      args
        .split(/\s+/)
        .map((arg) =>
          arg.startsWith('~/.ssh/') ? join(copy, arg.slice(7)) : arg.startsWith('/') ? arg : join(copy, arg),
        )
        .join(' '),
  );
for (const file of readdirSync(copy, { recursive: true, encoding: 'utf8' })) {
  const path = join(copy, file);
  if (/\.conf$/.test(file)) writeFileSync(path, absoluteIncludes(readFileSync(path, 'utf8')));
}

/** The profile's values as the console takes them (`-o` names as in the corpus headers). */
function commandLineOf(values: Record<string, string>): SshCommandLine {
  return {
    ...(values.User !== undefined && { user: values.User }),
    ...(values.Port !== undefined && { port: Number(values.Port) }),
    ...(values.IdentityFile !== undefined && { identityFiles: [values.IdentityFile] }),
    ...(values.ProxyJump !== undefined && { proxyJump: values.ProxyJump }),
  };
}

function sshG(file: string, alias: string, options: Record<string, string>, extra: string[] = []): string {
  const args = [
    '-G',
    '-F',
    file,
    ...Object.entries(options).flatMap(([k, v]) => ['-o', `${k}=${v}`]),
    ...extra,
  ];
  const result = spawnSync('ssh', [...args, alias], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`ssh ${args.join(' ')} ${alias} failed: ${result.stderr}`);
  return result.stdout;
}

/** ssh -G's lines as keyword → values (IdentityFile repeats). */
function linesOf(output: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const key = line.slice(0, space);
    map.set(key, [...(map.get(key) ?? []), line.slice(space + 1)]);
  }
  return map;
}

const sshDefaultIdentities = [
  'id_rsa',
  'id_ecdsa',
  'id_ecdsa_sk',
  'id_ed25519',
  'id_ed25519_sk',
  'id_xmss',
  'id_dsa',
];

/**
 * What ssh -G says, in the console's terms. IdentityFile is printed with its `~` and `%` tokens unexpanded;
 * ssh itself expands them: the same text given as UserKnownHostsFile (which takes the same tokens and which
 * ssh -G prints expanded) for the same host and options.
 */
function oracle(file: string, alias: string, options: Record<string, string>): SshOptions {
  const g = linesOf(sshG(file, alias, options));
  const one = (key: string): string | undefined => g.get(key)?.[0];
  const rawIdentities = g.get('identityfile') ?? [];
  const defaults = rawIdentities.join(' ') === sshDefaultIdentities.map((n) => `~/.ssh/${n}`).join(' ');
  const expanded = defaults
    ? []
    : rawIdentities.map(
        (raw) =>
          linesOf(sshG(file, alias, { ...options, UserKnownHostsFile: `"${raw}"` })).get(
            'userknownhostsfile',
          )?.[0] ?? `(ssh did not expand ${raw})`,
      );
  const files = (key: string): string[] => {
    const value = one(key);
    return value === undefined || value === 'none' ? [] : value.split(' ');
  };
  const strict = one('stricthostkeychecking');
  const timeout = one('connecttimeout');
  return {
    hostName: one('hostname')!,
    port: Number(one('port')),
    user: one('user')!,
    identityFiles: [...new Set(expanded)],
    identitiesOnly: one('identitiesonly') === 'yes',
    ...(g.has('identityagent') && { identityAgent: one('identityagent')! }),
    ...(g.has('proxyjump') && { proxyJump: one('proxyjump')! }),
    userKnownHostsFiles: files('userknownhostsfile'),
    globalKnownHostsFiles: files('globalknownhostsfile'),
    ...(g.has('hostkeyalias') && { hostKeyAlias: one('hostkeyalias')! }),
    strictHostKeyChecking:
      strict === 'true' ? 'yes' : strict === 'false' ? 'no' : (strict as 'ask' | 'accept-new'),
    ...(timeout !== 'none' && { connectTimeoutSeconds: Number(timeout) }),
    serverAliveIntervalSeconds: Number(one('serveraliveinterval')),
    serverAliveCountMax: Number(one('serveralivecountmax')),
  };
}

describe.skipIf(sshMissing)('ssh_config resolved as `ssh -G` resolves it (OpenSSH as the oracle)', () => {
  // ssh takes the home directory from the passwd entry, not $HOME (which the console follows, so tests and
  // users can point it elsewhere): resolve with ssh's
  const local = localSide(userInfo().homedir);

  it('has a corpus of at least 30 configs, each naming the hosts to resolve', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(c.aliases, c.file).not.toEqual([]);
  });

  it.each(cases)('$file', (c) => {
    const user = join(copy, c.file);
    // ssh -F reads no system file: the user's file, then the system's, as one file ssh reads the same way
    const forSsh = c.system === undefined ? user : join(copy, `${c.file}.with-system`);
    if (c.system !== undefined)
      writeFileSync(forSsh, `${readFileSync(user, 'utf8')}\nMatch all\nInclude ${join(copy, c.system)}\n`);
    const entries = readSshConfigEntries(
      { user, ...(c.system !== undefined && { system: join(copy, c.system) }) },
      local.home,
    );
    for (const alias of c.aliases)
      for (const values of c.withs) {
        const console = resolveSshOptions(entries, alias, commandLineOf(values), local);
        expect(console, `${c.file}: ${alias} with ${JSON.stringify(values)}`).toEqual(
          oracle(forSsh, alias, values),
        );
      }
  });

  const refused = readdirSync(join(corpus, 'refused')).sort();
  it.each(refused)('refuses refused/%s as ssh does, naming the file and line', (name) => {
    const file = join(copy, 'refused', name);
    const ssh = spawnSync('ssh', ['-G', '-F', file, 'landsraad'], { encoding: 'utf8' });
    expect(ssh.status, ssh.stdout).not.toBe(0);
    expect(() => readSshConfigEntries({ user: file }, local.home)).toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: .*; fix that line of your ssh config$`,
      ),
    );
  });

  it("uses OpenSSH's default identities, in its order, of the key types the console can read", () => {
    const g = linesOf(sshG('/dev/null', 'anyhost', {}));
    expect(g.get('identityfile')).toEqual(sshDefaultIdentities.map((n) => `~/.ssh/${n}`));
    expect(DEFAULT_IDENTITIES).toEqual(
      sshDefaultIdentities.filter((n) => ['id_rsa', 'id_ecdsa', 'id_ed25519'].includes(n)),
    );
  });
});
