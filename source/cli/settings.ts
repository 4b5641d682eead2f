// settings.json: what the console remembers between runs. It holds only the last used profile — never a
// secret, a form value or a host answer — so it can be shared or committed without review.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CliIo } from './cli-io.js';
import { settingsFile } from './profile-source.js';

/** The whole settings document. */
export type Settings = { lastProfile?: string };

/** Reads the settings; a missing or unreadable file counts as empty. */
export function readSettings(io: CliIo): Settings {
  const file = settingsFile(io);
  if (!existsSync(file)) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return typeof data.lastProfile === 'string' ? { lastProfile: data.lastProfile } : {};
  } catch {
    return {};
  }
}

/** How a profile reference is remembered: a name as given, a path made absolute (the cwd may change). */
export function rememberedRef(ref: string, cwd: string): string {
  const isPath = ref.includes('/') || ref.endsWith('.yaml') || ref.endsWith('.yml');
  return isPath && !isAbsolute(ref) ? resolve(cwd, ref) : ref;
}

/** Records the profile a command used (atomically, 0600); a failure to write is reported, never fatal. */
export function rememberProfile(ref: string, io: CliIo): void {
  const file = settingsFile(io);
  const next: Settings = { ...readSettings(io), lastProfile: rememberedRef(ref, io.cwd) };
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    io.err(`note: could not record the last used profile in ${file}: ${(error as Error).message}`);
  }
}
