// `chom-console profiles list | validate FILE`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadProfile } from '../profile/profile-loader.js';
import { displayPath, profileNames } from '../profile/profile-files.js';
import { formatIssues } from '../profile/profile-issue.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { loadOptions, profilesDir } from './profile-source.js';

type Header = { name: string; description: string; extends: string; file: string };

function header(name: string, file: string, io: CliIo): Header {
  const shown = displayPath(file, io.cwd);
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (doc.errors[0]) throw doc.errors[0];
    const data = doc.toJS() as Record<string, unknown> | null;
    const text = (key: string) => (typeof data?.[key] === 'string' ? (data[key] as string) : '');
    return { name, description: text('description'), extends: text('extends') || '-', file: shown };
  } catch (error) {
    return {
      name,
      description: `(unreadable: ${(error as Error).message.split('\n')[0]})`,
      extends: '-',
      file: shown,
    };
  }
}

/** Lists the bundled profiles: name, description, what it extends, file. */
export function profilesListCommand(io: CliIo): ExitCode {
  const dir = profilesDir(io);
  const rows = profileNames(dir).map((name) => header(name, join(dir, `${name}.yaml`), io));
  if (rows.length === 0) {
    io.err(`no profiles found in ${displayPath(dir, io.cwd)}: expected files such as production.yaml`);
    return exitCodes.usage;
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    io.out(
      `${row.name.padEnd(width)}  ${row.description || '(no description)'}  [extends: ${row.extends}]  ${row.file}`,
    );
  }
  return exitCodes.ok;
}

/** Validates a profile file (with everything it extends): a one-line OK, or the issues on stderr (exit 2). */
export function profilesValidateCommand(file: string, io: CliIo): ExitCode {
  const result = loadProfile(file, loadOptions(io));
  if (!result.ok) {
    const count = result.issues.length;
    io.err(`${file}: ${count} issue${count === 1 ? '' : 's'}\n${formatIssues(result.issues)}`);
    return exitCodes.usage;
  }
  const p = result.profile;
  const steps = p.phases.reduce((sum, phase) => sum + phase.steps.length, 0);
  const chain =
    p.chain.length > 1
      ? ` (extends ${p.chain
          .slice(1)
          .map((f) => displayPath(f, io.cwd))
          .join(' → ')})`
      : '';
  io.out(
    `OK ${displayPath(p.file, io.cwd)}: profile "${p.name}"${chain}: ${Object.keys(p.hosts).length} hosts, ${p.phases.length} phases, ${steps} steps, ${p.checks.length} checks, ${p.assess.length} probes`,
  );
  // Notes do not make the profile invalid: they say what it lacks (an inherited check's fix).
  if (result.notes.length > 0)
    for (const note of formatIssues(result.notes, result.notes.length).split('\n')) io.out(`note: ${note}`);
  return exitCodes.ok;
}
