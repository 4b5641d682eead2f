// `upload: identical` / `uploads: identical` (docs/when.md): an upload step's local file against its
// destination, compared on the host (one step: `cmp` with the local bytes on stdin; every step of the runbook:
// their sha256 in one script per host), then the mode and owner the upload would set; read-only. The plan and the run both compare through here, each with its own way to reach a host.
import { createHash } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { absentExit, buildSameUpload, buildSameUploads } from '../../commands/live-file-commands.js';
import type { Profile, Step } from '../../profile/schema.js';
import type { Known, UploadFact } from './plan-facts.js';

/** What a comparison needs: the local file, and a read-only script run on a host with stdin. */
export type UploadCompareIo = {
  readLocal(path: string): Promise<string>;
  exec(
    host: string,
    script: string,
    stdin?: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Renders a template of the profile (plain). */
  render(template: string): string;
  /** Where a relative `source` is read from (the `repo` var, else the profile's folder; undefined: unknown). */
  base: string | undefined;
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Where upload step `step` reads its local file and writes on the host. */
function placesOf(step: Step, io: UploadCompareIo): { local: string; to: string } {
  const action = step.upload;
  if (action === undefined) throw new Error(`${step.id} is not an upload step`);
  const source = io.render(action.source);
  if (!isAbsolute(source) && io.base === undefined)
    throw new Error(`${source} is relative and the profile has no repo var`);
  return { local: isAbsolute(source) ? source : join(io.base ?? '', source), to: io.render(action.to) };
}

/** Upload step `step`'s destination against its local file. */
export async function compareUpload(step: Step, io: UploadCompareIo): Promise<UploadFact> {
  const action = step.upload;
  if (action === undefined) throw new Error(`${step.id} is not an upload step`);
  const { local, to } = placesOf(step, io);
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
  const targets: { step: Step; to: string; sha256: string }[] = [];
  for (const step of steps) {
    try {
      const { local, to } = placesOf(step, io);
      const sha256 = createHash('sha256')
        .update(await io.readLocal(local))
        .digest('hex');
      targets.push({ step, to, sha256 });
    } catch (error) {
      return { known: false, why: `${step.id}: ${message(error)}` };
    }
  }
  // one exec per host for all its staged files (by sha256: no bytes on stdin), the hosts at once
  const hosts = [...new Set(targets.map((t) => t.step.host))];
  const answers = await Promise.all(
    hosts.map(async (host) => {
      const mine = targets.filter((t) => t.step.host === host);
      const command = buildSameUploads(
        host,
        mine.map(({ step, to, sha256 }) => ({
          path: to,
          sha256,
          mode: step.upload!.mode,
          ...(step.upload!.owner !== undefined && { owner: step.upload!.owner }),
        })),
      );
      try {
        const read = await io.exec(host, command.script);
        const codes = new Map(
          [...read.stdout.matchAll(/^same-upload (\d+) (\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]),
        );
        return mine.map((target, index) => ({ target, code: codes.get(index), stderr: read.stderr }));
      } catch (error) {
        return mine.map((target) => ({ target, code: undefined, stderr: message(error) }));
      }
    }),
  );
  const byStep = new Map(answers.flat().map((answer) => [answer.target.step.id, answer]));
  const facts: UploadFact[] = [];
  for (const { step, to } of targets) {
    const answer = byStep.get(step.id)!;
    if (answer.code !== 0 && answer.code !== 1 && answer.code !== absentExit)
      return {
        known: false,
        why: `${step.id}: cannot compare ${to} on ${step.host}: ${answer.stderr.trim() || 'no answer'}`,
      };
    facts.push({ step: step.id, host: step.host, path: to, identical: answer.code === 0 });
  }
  return { known: true, value: facts };
}
