// The lint boundary of cli/ (eslint.config.js): it composes. ssh2 transports are made in host-connections.ts
// only, React/Ink and the UI's screens are reached through the UI's contract, never imported here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The import restrictions ESLint reports for `code` as if it were the file at `path`. */
async function restricted(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message.split("'")[1] ?? message.message);
}

const imports = [
  "import { Client } from 'ssh2';",
  "import { SshTransport } from '../transport/ssh-transport.js';",
  "import { Text } from 'ink';",
  "import { startSession } from '../ui/screens/session/start-session.js';",
  "import type { AppServices } from '../ui/app-services.js';",
  "import type { Transport } from '../transport/transport.js';",
  'export const used = [Client, SshTransport, Text, startSession] as unknown as [AppServices, Transport];',
].join('\n');

describe('cli/ only composes (lint boundary)', () => {
  it('refuses ssh2, React/Ink and the UI beyond its contract in cli/; host-connections.ts alone makes transports', async () => {
    expect(await restricted(imports, 'source/cli/some-command.ts')).toEqual([
      'ssh2',
      '../transport/ssh-transport.js',
      'ink',
      '../ui/screens/session/start-session.js',
    ]);
    expect(await restricted(imports, 'source/cli/host-connections.ts')).toEqual([
      'ink',
      '../ui/screens/session/start-session.js',
    ]);
  });
});
