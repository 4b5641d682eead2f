// Which profile a command uses (--profile, else the last used one from the settings, else `sandbox`),
// where profiles live, and loading it with the issues printed for the operator. The loader (the YAML
// library, zod) is imported only when the profile cache has no valid entry (profile-cache.ts).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cachedProfile, storeProfile, type CacheKey } from '../profile/profile-cache.js';
import { defaultProfilesDir, profileFile } from '../profile/profile-files.js';
import type { LoadOptions } from '../profile/profile-loader.js';
import { formatIssues } from '../profile/profile-issue.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { consoleHome } from '../sandbox/lifecycle/paths.js';
import type { CliIo, GlobalOptions } from './cli-io.js';

/** The profile used when neither --profile nor a last-used one is known. */
export const defaultProfileName = 'sandbox';

/** The bundled profiles directory; `CHOM_CONSOLE_PROFILES_DIR` overrides it (tests, custom runbooks). */
export function profilesDir(io: CliIo): string {
  return io.env.CHOM_CONSOLE_PROFILES_DIR || defaultProfilesDir();
}

/** The settings file: `$CHOM_CONSOLE_HOME/settings.json`, else `$XDG_CONFIG_HOME/chom-console/settings.json`. */
export function settingsFile(io: CliIo): string {
  if (io.env.CHOM_CONSOLE_HOME) return join(io.env.CHOM_CONSOLE_HOME, 'settings.json');
  const config = io.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'chom-console', 'settings.json');
}

/** The last used profile recorded in the settings, if any (an unreadable file counts as none). */
export function lastUsedProfile(io: CliIo): string | undefined {
  const file = settingsFile(io);
  if (!existsSync(file)) return undefined;
  try {
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { lastProfile?: unknown };
    return typeof settings.lastProfile === 'string' && settings.lastProfile !== ''
      ? settings.lastProfile
      : undefined;
  } catch {
    return undefined;
  }
}

/** The profile reference a command uses. */
export function profileRef(options: GlobalOptions, io: CliIo): string {
  return options.profile ?? lastUsedProfile(io) ?? defaultProfileName;
}

/**
 * `CHOM_CONSOLE_SANDBOX=1` serves a profile whose hosts are NOT embedded with the sandbox world's runtime vars
 * (`world`, `sandbox_*`): how tests run the sandbox runbook over real OpenSSH sshd. A profile that declares
 * sandbox runtime vars in `runtime_vars:` gets them without the variable.
 */
const sandboxEnvVar = 'CHOM_CONSOLE_SANDBOX';

/** How every command loads a profile (plan, validate and the host commands resolve names alike). */
export function loadOptions(io: CliIo): LoadOptions {
  return { profilesDir: profilesDir(io), cwd: io.cwd, sandbox: io.env[sandboxEnvVar] === '1' };
}

/**
 * Loads a profile; on failure prints the issues on stderr and resolves to undefined (exit 2). The cache entry
 * is keyed on everything the loader's result depends on besides the files: the sandbox decision
 * (CHOM_CONSOLE_SANDBOX) and the runtime vars the caller supplies change the name catalog, so they are in the key.
 */
export async function loadForCommand(ref: string, io: CliIo): Promise<LoadedProfile | undefined> {
  const options = loadOptions(io);
  const dir = profilesDir(io);
  const key: CacheKey = {
    file: profileFile(ref, dir, io.cwd),
    profilesDir: dir,
    runtimeVars: options.runtimeVars ?? [],
    sandbox: options.sandbox ?? false,
  };
  const cacheDir = join(consoleHome(io.env as NodeJS.ProcessEnv), 'cache', 'profiles');
  const cached = cachedProfile(key, cacheDir);
  if (cached) return cached;
  const { loadProfile } = await import('../profile/profile-loader.js');
  const result = loadProfile(ref, options);
  if (result.ok) {
    storeProfile(key, result, cacheDir);
    return result.profile;
  }
  const count = result.issues.length;
  const what = count === 1 ? 'issue' : 'issues';
  io.err(`cannot use profile "${ref}" (${count} ${what}):\n${formatIssues(result.issues)}`);
  return undefined;
}
