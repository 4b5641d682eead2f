// One place that maps a step's action to its implementation (exhaustive: a new action kind fails to compile).
import type { ActionOutput } from './action-result.js';
import { configAction } from './action-config.js';
import { formAction } from './action-form.js';
import { httpAction } from './action-http.js';
import { lockAction, unlockAction } from './action-lock.js';
import { releaseAction } from './action-release.js';
import { runAction } from './action-run.js';
import { runWritten } from '../run/run-text.js';
import { uploadAction } from './action-upload.js';
import type { StepContext } from '../run/run-context.js';
import type { StepAction } from '../../profile/step-action.js';

export function dispatchAction(ctx: StepContext, action: StepAction): Promise<ActionOutput> {
  switch (action.kind) {
    case 'run':
      return runAction(ctx, action.run);
    case 'http':
      return httpAction(ctx, action.http);
    case 'upload':
      return uploadAction(ctx, action.upload);
    case 'form':
      return formAction(ctx, action.form);
    case 'release':
      return releaseAction(ctx, action.release);
    case 'config':
      return configAction(ctx, action.config);
    case 'lock':
      return lockAction(ctx, action.lock);
    case 'unlock':
      return unlockAction(ctx, action.lock);
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/**
 * What the step list and the confirm dialog show before a step runs: the command for `run`, a description
 * otherwise; `render` fills in the paths and URLs (plain context) so the operator sees real values.
 */
export function describeAction(action: StepAction, render: (template: string) => string = (t) => t): string {
  const r = (template: string): string => {
    try {
      return render(template);
    } catch {
      return template;
    }
  };
  switch (action.kind) {
    case 'run':
      return runWritten(action.run);
    case 'http':
      return `${action.http.method} ${r(action.http.url)} from ${action.http.from}`;
    case 'upload':
      return `upload ${r(action.upload.source)} → ${r(action.upload.to)}`;
    case 'form':
      return `fill in the form ${action.form}`;
    case 'release':
      return `release ${action.release.op} in ${r(action.release.base)}`;
    case 'config':
      return `render ${r(action.config.template)} → ${r(action.config.target)}, validate, reload`;
    case 'lock':
      return `take the deploy lock ${r(action.lock.path)}`;
    case 'unlock':
      return `release the deploy lock ${r(action.lock.path)}`;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
