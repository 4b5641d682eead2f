// What a deploy backs up before it changes anything: the files the engine copies aside before replacing them
// (uploads with `backup`, every config step: backup-set.ts), and the profile's own backup and snapshot steps
// (the database dump, the observability snapshot), found by their id or title.
import type { Step } from '../../profile/schema.js';
import { stepAction, isMutating } from '../../profile/step-action.js';

/** One thing backed up, by which step, on which host. */
export type PlannedBackup = { stepId: string; host: string; what: string };

/** Renders a template for display. */
export type PlanRender = (template: string) => string;

const backupStep = /\bback(?:ed)?[ -]?up\b|\bsnapshot\b|\bbackup\b/i;

/** The backups of `steps`, in run order. */
export function plannedBackups(steps: readonly Step[], render: PlanRender): PlannedBackup[] {
  return steps.flatMap((step): PlannedBackup[] => {
    const action = stepAction(step);
    const at = { stepId: step.id, host: step.host };
    switch (action.kind) {
      case 'upload':
        return action.upload.backup
          ? [{ ...at, what: `${render(action.upload.to)} (previous file kept as .bak-<run>)` }]
          : [];
      case 'config': {
        const files = [action.config.target, ...action.config.secret_files.map((file) => file.path)];
        return files.map((file) => ({
          ...at,
          what: `${render(file)} (backed up before the install, restored if it fails)`,
        }));
      }
      default:
        return isMutating(step) && (backupStep.test(step.id) || backupStep.test(step.title))
          ? [{ ...at, what: render(step.title) }]
          : [];
    }
  });
}
