// The shell of the bundled runbook, checked as shell: every script file beside the profiles (with the library
// files it sources) and every command production and sandbox render (run commands and scripts after their env
// prelude, cwd lines, release `after`, config and pre-flight validators, log followers) passes `bash -n` and
// shellcheck. A typo in a branch no sandbox run takes (a rollback's fallback) fails here, not in production.
// Values not known before a run are rendered as sample words, as `plan` renders them as placeholders.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRunCommand } from '../../source/commands/run-command.js';
import { runText } from '../../source/engine/run/run-text.js';
import { previewTemplate, type InterpolationContext } from '../../source/profile/interpolate.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { allSteps } from '../../source/profile/profile-catalog.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { runActions } from '../../source/profile/script-files.js';

const profilesDir = resolve('profiles');
const scratch = mkdtempSync(join(tmpdir(), 'chom-shell-syntax-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Shell = { where: string; text: string };
type Finding = { file: string; line: number; code: number; message: string };

function load(name: string): LoadedProfile {
  const result = loadProfile(name, { profilesDir });
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.file}:${i.line} ${i.message}`).join('\n'));
  return result.profile;
}

function scriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sh'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every shell text the profile renders, placeholders replaced by sample words (`sample_release_path`). */
function renderedShell(profile: LoadedProfile): Shell[] {
  const render = (template: string, context: InterpolationContext): string =>
    previewTemplate(template, profile.scope(), context, profile.catalog).replace(
      /‹[a-z]+:([^›]+)›/g,
      (_, name: string) => `sample_${name.replace(/\W/g, '_')}`,
    );
  const out: Shell[] = [];
  for (const { run, path } of runActions(profile)) {
    const cwd = run.cwd === undefined ? {} : { cwd: render(run.cwd, 'command') };
    const text = buildRunCommand({ host: 'host', command: runText(run, render), ...cwd }).script;
    out.push({ where: path.join('.'), text });
  }
  for (const { step, path } of allSteps(profile)) {
    const release = step.release;
    if (release && (release.op === 'activate' || release.op === 'rollback'))
      release.after.forEach((command, i) =>
        out.push({ where: `${path.join('.')}.release.after.${i}`, text: render(command, 'command') }),
      );
    if (step.config)
      out.push({ where: `${path.join('.')}.config.validate`, text: render(step.config.validate, 'command') });
  }
  profile.preflight.forEach((item, i) =>
    out.push({ where: `preflight.${i}.validate`, text: render(item.validate, 'command') }),
  );
  for (const [host, log] of Object.entries(profile.logs))
    out.push({ where: `logs.${host}`, text: render(log.command, 'command') });
  return out;
}

function bashSyntax(shell: Shell[]): string[] {
  return shell.flatMap(({ where, text }) => {
    const result = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
    return result.status === 0 ? [] : [`${where}: ${result.stderr.trim()}`];
  });
}

function shellcheck(files: string[], extra: string[] = []): Finding[] {
  const result = spawnSync('shellcheck', ['-s', 'bash', '-f', 'json', ...extra, ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error)
    throw new Error(
      `shellcheck could not run (${result.error.message}): install Debian's shellcheck, as .ci/run does`,
    );
  return JSON.parse(result.stdout || '[]') as Finding[];
}

function describeFindings(findings: Finding[], name: (file: string) => string): string[] {
  return findings.map((f) => `${name(f.file)}:${f.line}: SC${f.code} ${f.message}`);
}

describe('the runbook as shell', () => {
  it('every script file beside the profiles passes bash -n and shellcheck (following what it sources)', () => {
    const files = scriptFiles(profilesDir);
    expect(files.length).toBeGreaterThan(30);
    const shell = files.map((file) => ({ where: relative(profilesDir, file), text: '' }));
    const syntax = files.flatMap((file, i) => {
      const result = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      return result.status === 0 ? [] : [`${shell[i]!.where}: ${result.stderr.trim()}`];
    });
    expect(syntax).toEqual([]);
    const findings = shellcheck(files, ['-x', '-P', 'SCRIPTDIR']);
    expect(describeFindings(findings, (file) => relative(profilesDir, file))).toEqual([]);
  });

  it.each(['production', 'sandbox'])('every command %s renders passes bash -n and shellcheck', (name) => {
    const shell = renderedShell(load(name));
    expect(shell.length).toBeGreaterThan(60);
    expect(bashSyntax(shell)).toEqual([]);
    const dir = mkdtempSync(join(scratch, `${name}-`));
    const files = shell.map((item, i) => {
      const file = join(dir, `${i}.sh`);
      writeFileSync(file, item.text);
      return file;
    });
    const where = (file: string) => shell[Number(file.slice(dir.length + 1, -'.sh'.length))]!.where;
    const findings = shellcheck(files);
    expect(describeFindings(findings, where)).toEqual([]);
  });
});
