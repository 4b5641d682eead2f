// `run.script`: a bash file beside the profile, read when the profile loads. The path is relative to the
// profile file that wrote it (so a profile extending production.yaml from elsewhere still runs production's
// scripts). A line that only sources a relative `*.sh` file (`. lib/app-db.sh`) is replaced by that file,
// because the host has no copy of the library; shellcheck follows the same line with `-x`. Every problem is
// an issue at file:line:column: of the YAML value, or of the script line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { decodeUtf8 } from '../lib/utf8.js';
import type { IssueSink } from './issue-sink.js';
import { nodeAt, type LocatedNode, type Origin } from './located-path.js';
import { allSteps } from './profile-catalog.js';
import { displayPath } from './profile-files.js';
import type { PathSegments } from './profile-issue.js';
import type { Profile, RunAction } from './schema.js';
import { reservedEnvName } from './script-env.js';
import { parseTemplate } from './template-syntax.js';

/** A script is a page or two of bash; a larger file is refused before it is read. */
const scriptSizeLimit = 256 * 1024;

const sourceLine = /^[ \t]*(?:source|\.)[ \t]+((?:\.\.?\/)*[A-Za-z0-9_][A-Za-z0-9_./-]*\.sh)[ \t]*$/;

type Read = { ok: true; text: string } | { ok: false; message: string };

/** Every run action of a profile with its YAML path: steps, rollback steps, checks and probes. */
export function runActions(profile: Profile): { run: RunAction; path: PathSegments }[] {
  const found: { run: RunAction; path: PathSegments }[] = [];
  for (const { step, path } of allSteps(profile))
    if (step.run) found.push({ run: step.run, path: [...path, 'run'] });
  profile.checks.forEach(
    (check, i) => check.run && found.push({ run: check.run, path: ['checks', i, 'run'] }),
  );
  profile.assess.forEach(
    (probe, i) => probe.run && found.push({ run: probe.run, path: ['assess', i, 'run'] }),
  );
  return found;
}

/** Reads scripts for one profile load; remembers every file it read (the profile cache keys on them). */
class ScriptReader {
  readonly files = new Set<string>();
  private readonly texts = new Map<string, Read>();

  constructor(private readonly sink: IssueSink) {}

  read(file: string): Read {
    const known = this.texts.get(file);
    if (known) return known;
    const read = readScript(file);
    this.texts.set(file, read);
    if (read.ok) this.files.add(file);
    return read;
  }

  /** The script with its sourced files inlined; undefined after an issue (reported at the script line). */
  expand(
    file: string,
    path: PathSegments,
    stack: string[] = [],
    inlined = new Set<string>(),
  ): string | undefined {
    const read = this.read(file);
    if (!read.ok) return undefined;
    inlined.add(file);
    const lines = read.text.split('\n');
    let failed = false;
    const out = lines.map((line, i) => {
      const sourced = sourceLine.exec(line)?.[1];
      if (sourced === undefined) return line;
      const target = resolve(dirname(file), sourced);
      const at = lineOrigin(file, read.text, i, line.indexOf(sourced));
      if (stack.includes(target) || target === file) {
        this.sink.atOrigin(
          at,
          path,
          `source cycle: ${[...stack, file, target].map((f) => displayPath(f)).join(' → ')}`,
        );
        failed = true;
        return line;
      }
      // bash would source it again; its definitions are the same, so once is enough
      if (inlined.has(target)) return `# ${sourced}: inlined above`;
      const library = this.read(target);
      if (!library.ok) {
        this.sink.atOrigin(at, path, `cannot source ${sourced}: ${library.message}`);
        failed = true;
        return line;
      }
      const text = this.expand(target, path, [...stack, file], inlined);
      if (text === undefined) failed = true;
      return `# ${sourced} (sourced, inlined by chom-console)\n${(text ?? '').replace(/\n$/, '')}`;
    });
    return failed ? undefined : out.join('\n');
  }
}

function readScript(file: string): Read {
  const shown = displayPath(file);
  if (!existsSync(file)) return { ok: false, message: `expected a file at ${shown}, found none` };
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, message: `expected a file at ${shown}, found a directory` };
    if (stat.size > scriptSizeLimit)
      return { ok: false, message: `${shown} is larger than ${scriptSizeLimit / 1024} KiB; split it` };
    const text = decodeUtf8(readFileSync(file));
    if (text === null) return { ok: false, message: `${shown} is not valid UTF-8; save it as UTF-8` };
    if (text.includes('\0')) return { ok: false, message: `${shown} holds a NUL byte; a script is text` };
    return { ok: true, text };
  } catch (error) {
    return { ok: false, message: `cannot read ${shown}: ${(error as Error).message}` };
  }
}

function lineOrigin(file: string, text: string, index: number, column: number): Origin {
  const offset =
    text.split('\n').slice(0, index).join('\n').length + (index > 0 ? 1 : 0) + Math.max(column, 0);
  return { file: displayPath(file), line: index + 1, column: Math.max(column, 0) + 1, offset, end: offset };
}

/** `{{name}}` in a script would reach the host as written: the author meant a value, so say how to pass it. */
function checkNoTemplates(file: string, text: string, path: PathSegments, sink: IssueSink): void {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const part of parseTemplate(line)) {
      if (part.kind !== 'name') continue;
      const name = part.name.replace(/\W/g, '_').toUpperCase();
      sink.atOrigin(
        lineOrigin(file, text, i, part.index),
        path,
        `a script is sent as written, so ${part.text} would stay literal: give the value in run.env (${name}: '${part.text}') and use "$${name}"`,
      );
    }
  });
}

function checkShape(run: RunAction, path: PathSegments, sink: IssueSink): boolean {
  if (run.command !== undefined && run.script !== undefined) {
    sink.at(path, 'expected exactly one of run.command or run.script, found both');
    return false;
  }
  if (run.env !== undefined && run.script === undefined) {
    sink.atKey([...path, 'env'], 'expected env only with run.script: a command interpolates {{name}} itself');
    return false;
  }
  let ok = true;
  for (const name of Object.keys(run.env ?? {})) {
    const reserved = reservedEnvName(name);
    if (reserved) sink.atKey([...path, 'env', name], reserved);
    ok &&= reserved === undefined;
  }
  return ok;
}

/**
 * Reads every `run.script` of a merged, schema-valid profile into the model (`script.text`), checking each run
 * action's shape. `sources` maps a file as shown in origins to its absolute path. Returns the files read.
 */
export function readScripts(
  profile: Profile,
  root: LocatedNode,
  sources: ReadonlyMap<string, string>,
  sink: IssueSink,
): string[] {
  const reader = new ScriptReader(sink);
  for (const { run, path } of runActions(profile)) {
    if (!checkShape(run, path, sink) || run.script === undefined) continue;
    const written = nodeAt(root, [...path, 'script']).origin.file;
    const profileFile = sources.get(written) ?? resolve(written);
    const file = resolve(dirname(profileFile), run.script.path);
    const read = reader.read(file);
    if (!read.ok) {
      sink.at([...path, 'script'], `${read.message} (a script path is relative to ${written})`);
      continue;
    }
    const text = reader.expand(file, [...path, 'script']);
    if (text === undefined) continue;
    checkNoTemplates(file, read.text, [...path, 'script'], sink);
    for (const name of Object.keys(run.env ?? {})) {
      if (!new RegExp(`\\$\\{?${name}\\b`).test(text))
        sink.atKey(
          [...path, 'env', name],
          `expected ${run.script.path} to use $${name}, found no $${name} or \${${name}} in it`,
        );
    }
    run.script.text = text;
  }
  return [...reader.files];
}
