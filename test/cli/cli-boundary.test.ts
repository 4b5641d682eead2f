// The lint boundary of cli/ (eslint.config.js): it composes. ssh2 transports are made in host-connections.ts
// only, React/Ink and the UI's screens are reached through the UI's contract, never imported here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The sample is text, not a file of the project: the type-aware rules (which need the file in the TypeScript
// project) are switched off; the import boundary does not use types.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
});

/** The import restrictions ESLint reports for `code` as if it were the file at `path`. */
async function restricted(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  const fatal = result?.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`ESLint could not parse the sample as ${path}: ${fatal.message}`);
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

const cliFiles = readdirSync('source/cli').filter((name) => /\.tsx?$/.test(name));

describe('cli/ composes: one runner factory, hosts reached through the engine, files named by what they are', () => {
  it('createRunner is imported by cli/session-runner.ts alone (lint), and no other cli/ file calls it', async () => {
    const sample =
      "import { createRunner } from '../engine/run/runner.js';\nexport const made = createRunner;";
    expect(await restricted(sample, 'source/cli/verify-command.ts')).toEqual(['createRunner']);
    expect(await restricted(sample, 'source/cli/session-runner.ts')).toEqual([]);
    const callers = cliFiles.filter((name) =>
      readFileSync(join('source/cli', name), 'utf8').includes('createRunner('),
    );
    expect(callers).toEqual(['session-runner.ts']);
  });

  it('no cli/ file runs a command on a transport itself: reads and log followers go through engine/run/host-read.ts', () => {
    const execs = cliFiles.filter((name) =>
      /\.exec\(\{/.test(readFileSync(join('source/cli', name), 'utf8')),
    );
    expect(execs).toEqual([]);
  });

  it('no cli/ file is named after the UI that uses it (tui-*)', () => {
    expect(cliFiles.filter((name) => name.startsWith('tui-'))).toEqual([]);
  });
});
