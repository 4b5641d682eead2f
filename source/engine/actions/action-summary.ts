// What each kind of action does, in one line plus the exact commands: `plan` prints it before a run, and the
// confirmation dialog shows it with the run's own values (one rendering, so both say the same thing).
import type { InterpolationContext } from '../../profile/interpolate.js';
import type { Profile } from '../../profile/schema.js';
import type { StepAction } from '../../profile/step-action.js';
import { runText } from '../run/run-text.js';

/** Renders a template for display (placeholders for unknown values and secrets). */
export type Render = (template: string, context: InterpolationContext) => string;

/** What an action does: one line, and the exact shell commands it runs where it runs any. */
export type ActionSummary = {
  summary: string;
  /** The exact shell command (run, config validation). */
  command?: string;
  cwd?: string;
  stdin?: string;
  /** Commands run after a release switch or rollback. */
  after?: string[];
};

/** The summary and commands of one action. */
export function describeAction(
  action: StepAction,
  profile: Pick<Profile, 'forms'>,
  render: Render,
): ActionSummary {
  switch (action.kind) {
    case 'run': {
      const { run } = action;
      const command = runText(run, render);
      const extra = {
        ...(run.cwd !== undefined && { cwd: render(run.cwd, 'command') }),
        ...(run.stdin !== undefined && { stdin: render(run.stdin, 'stdin') }),
      };
      const first = run.script ? run.script.path : command.split('\n')[0];
      return { summary: `run: ${first}`, command, ...extra };
    }
    case 'http': {
      const { http } = action;
      return {
        summary: `${http.method} ${render(http.url, 'plain')} from ${http.from}, expect ${http.expect_status.join(' or ')}`,
      };
    }
    case 'upload': {
      const { upload } = action;
      const backup = upload.backup ? ', previous file backed up' : '';
      return {
        summary: `upload ${render(upload.source, 'plain')} → ${render(upload.to, 'plain')} (mode ${upload.mode}, sha256 verified${backup})`,
      };
    }
    case 'form': {
      const form = profile.forms[action.form];
      const fields =
        form?.fields.map((field) => (field.type === 'secret' ? `${field.id} (secret)` : field.id)) ?? [];
      return { summary: `ask form "${action.form}" (${form?.title ?? '?'}): ${fields.join(', ')}` };
    }
    case 'release':
      return describeRelease(action.release, render);
    case 'config': {
      const { config } = action;
      const reload =
        'http' in config.reload
          ? `POST ${render(config.reload.http, 'plain')}`
          : 'signal' in config.reload
            ? `${config.reload.signal} to ${config.reload.unit}`
            : 'none';
      const command = render(config.validate, 'command');
      return {
        summary: `render ${render(config.template, 'plain')} → ${render(config.target, 'plain')}, validate, back up, move, reload (${reload})`,
        command,
      };
    }
    case 'lock':
      return {
        summary: `take the deploy lock ${render(action.lock.path, 'plain')} (stale after ${action.lock.stale_after} s)`,
      };
    case 'unlock':
      return { summary: `release the deploy lock ${render(action.lock.path, 'plain')}` };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** A template rendered, or '' where it cannot be yet (a name not known before the run). */
function renderedOrEmpty(render: Render, template: string): string {
  try {
    return render(template, 'plain');
  } catch {
    return '';
  }
}

function describeRelease(release: Extract<StepAction, { kind: 'release' }>['release'], render: Render) {
  const base = render(release.base, 'plain');
  switch (release.op) {
    case 'create':
      return { summary: `create a new release under ${base}/releases` };
    case 'activate': {
      // named once the run built it; a plan (before the run) says "the new release"
      const id = renderedOrEmpty(render, '{{release_id}}');
      const which = /^[0-9]{8}_[0-9]{6}$/.test(id) ? `the new release ${id}` : 'the new release';
      return {
        summary: `switch ${base}/current to ${which} (atomic rename, verified with readlink)`,
        after: release.after.map((c) => render(c, 'command')),
      };
    }
    case 'rollback': {
      const to =
        release.to !== undefined ? render(release.to, 'plain') : 'the release live before the switch';
      return {
        summary: `switch ${base}/current back to ${to}`,
        after: release.after.map((c) => render(c, 'command')),
      };
    }
    case 'cleanup':
      return { summary: `delete old releases under ${base}/releases, keeping ${release.keep}` };
    default: {
      const unreachable: never = release;
      return unreachable;
    }
  }
}
