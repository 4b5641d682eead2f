// `upload: identical` / `uploads: identical` (docs/when.md): an upload step's local file against its
// destination, compared on the host (`cmp` with the local bytes on stdin, then the mode and owner the upload
// would set), read-only. The plan and the run both compare through here, each with its own way to reach a host.
import { isAbsolute, join } from 'node:path';
import { absentExit, buildSameUpload } from '../../commands/live-file-commands.js';
import type { Profile, Step } from '../../profile/schema.js';
import type { Known, UploadFact } from './plan-facts.js';

/** What a comparison needs: the local file, and a read-only script run on a host with stdin. */
export type UploadCompareIo = {
  readLocal(path: string): Promise<string>;
  exec(host: string, script: string, stdin: string): Promise<{ code: number | null; stderr: string }>;
  /** Renders a template of the profile (plain). */
  render(template: string): string;
  /** Where a relative `source` is read from (the `repo` var, else the profile's folder; undefined: unknown). */
  base: string | undefined;
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Upload step `step`'s destination against its local file. */
export async function compareUpload(step: Step, io: UploadCompareIo): Promise<UploadFact> {
  const action = step.upload;
  if (action === undefined) throw new Error(`${step.id} is not an upload step`);
  const source = io.render(action.source);
  if (!isAbsolute(source) && io.base === undefined)
    throw new Error(`${source} is relative and the profile has no repo var`);
  const local = isAbsolute(source) ? source : join(io.base ?? '', source);
  const to = io.render(action.to);
  const content = await io.readLocal(local);
  const command = buildSameUpload(step.host, to, content, {
    mode: action.mode,
    ...(action.owner !== undefined && { owner: action.owner }),
  });
  const read = await io.exec(step.host, command.script, content);
  if (read.code !== 0 && read.code !== 1 && read.code !== absentExit)
    throw new Error(`cannot compare ${to} on ${step.host}: ${read.stderr.trim() || `exit ${read.code}`}`);
  return { step: step.id, host: step.host, path: to, identical: read.code === 0 };
}

/** Every upload step of the runbook; unknown (with the first reason) as soon as one cannot be compared. */
export async function compareUploads(profile: Profile, io: UploadCompareIo): Promise<Known<UploadFact[]>> {
  const steps = profile.phases.flatMap((phase) => phase.steps).filter((s) => s.upload);
  // one exec each (the local bytes travel on its stdin), all at once; the first failure in runbook order wins
  const outcomes = await Promise.all(
    steps.map((step) =>
      compareUpload(step, io).then(
        (fact) => ({ ok: true as const, fact }),
        (error: unknown) => ({ ok: false as const, why: `${step.id}: ${message(error)}` }),
      ),
    ),
  );
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed && !failed.ok) return { known: false, why: failed.why };
  return { known: true, value: outcomes.flatMap((outcome) => (outcome.ok ? [outcome.fact] : [])) };
}
