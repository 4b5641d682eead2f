// The engine's pending question as a dialog: confirm a critical step, fill a form, decide after a
// failure, take over the lock of a provably dead run, or leave a run that changed something. Each question mounts fresh (keyed by id): focus
// starts on Cancel.
import { describeVerdict } from '../../../engine/run/lock-holder.js';
import type { RunState } from '../../../engine/run/run-state.js';
import type { Profile } from '../../../profile/schema.js';
import type { AppServices } from '../../app-services.js';
import { ConfirmDialog, confirmTexts, type ConfirmDialogProps } from '../../widgets/confirm/ConfirmDialog.js';
import { confirmHeight, wrapText } from '../../widgets/confirm/confirm-layout.js';
import { FormView } from '../../widgets/form/FormView.js';
import { LeaveDialog, leaveLines } from '../../components/LeaveDialog.js';
import type { GateQuestion } from '../../gates-bridge.js';
import { formatDuration } from '../../format-duration.js';
import { FailurePanel } from './FailurePanel.js';
import { stepSummary, stepUser } from './step-summary.js';

/** Props of {@link GatePanel}. */
export type GatePanelProps = {
  gate: GateQuestion;
  profile: Profile;
  state: RunState;
  operator: string;
  width: number;
  /** Rows the panel may take (a confirmation scrolls inside them). */
  height?: number;
  stderrRows: number;
  testSmtp?: AppServices['testSmtp'];
};

export function GatePanel(props: GatePanelProps) {
  const { gate, profile, state, operator, width, height, stderrRows, testSmtp } = props;
  switch (gate.kind) {
    case 'confirm':
      return (
        <ConfirmDialog
          key={gate.id}
          {...confirmProps(gate, profile)}
          typeHostToConfirm={gate.context.typeHost}
          width={width}
          {...(height !== undefined ? { height } : {})}
          onConfirm={() => gate.answer({ answer: 'yes', by: operator })}
          onCancel={() => gate.answer({ answer: 'no', by: operator })}
        />
      );
    case 'form':
      // What Esc does here is said on the status line (runStatusLine): the form keeps every row it has.
      return (
        <FormView
          key={gate.id}
          form={gate.request.form}
          width={width}
          onSubmit={(values) => gate.answer({ values, by: operator })}
          onCancel={() => gate.answer('cancel')}
          {...(testSmtp !== undefined
            ? { onTest: (values: Record<string, string>) => testSmtp(values) }
            : {})}
        />
      );
    case 'leave':
      return <LeaveDialog key={gate.id} request={gate.request} width={width} onChoose={gate.answer} />;
    case 'failure':
      return (
        <FailurePanel
          key={gate.id}
          failure={gate.failure}
          context={gate.context}
          title={state.steps[gate.failure.stepId]?.title ?? gate.failure.stepId}
          width={width}
          stderrRows={stderrRows}
          onDecide={gate.answer}
        />
      );
    case 'takeover':
      return (
        <ConfirmDialog
          key={gate.id}
          title={`Take over the deploy lock of ${gate.lock.owner}: its run is provably dead`}
          host={gate.lock.owner}
          user={`pid ${gate.lock.pid} on ${gate.lock.holderHost}`}
          command={`lock ${gate.lock.path} on ${gate.lock.host}`}
          changes={
            gate.lock.verdict
              ? describeVerdict(gate.lock.verdict)
              : `no heartbeat for ${gate.lock.ageSeconds === null ? 'an unknown time' : formatDuration(gate.lock.ageSeconds * 1000)}`
          }
          undo="the previous holder's run can no longer change the hosts"
          typeHostToConfirm
          width={width}
          {...(height !== undefined ? { height } : {})}
          onConfirm={() => gate.answer({ typed: gate.lock.owner, by: operator })}
          onCancel={() => gate.answer(null)}
        />
      );
    default: {
      const unknown: never = gate;
      return unknown;
    }
  }
}

/**
 * What a confirmation shows: the engine's texts rendered with the run's values when it sent them (every
 * template filled in), else the step's own, with plain profile vars filled in.
 */
function confirmProps(
  gate: Extract<GateQuestion, { kind: 'confirm' }>,
  profile: Profile,
): Pick<
  ConfirmDialogProps,
  'title' | 'host' | 'user' | 'command' | 'summary' | 'changes' | 'undo' | 'cancelNote'
> {
  const { step, context } = gate;
  const shown = context.shown;
  const user = stepUser(profile, step);
  // what Cancel does is the engine's, whichever texts the dialog shows
  const cancelNote = context.cancel.note;
  if (shown === undefined) {
    return {
      title: step.title,
      host: context.host,
      user,
      command: stepSummary(step, context.command, profile.vars),
      ...(step.changes !== undefined ? { changes: step.changes } : {}),
      ...(step.undo !== undefined ? { undo: step.undo } : {}),
      cancelNote,
    };
  }
  return {
    title: shown.title,
    host: context.host,
    user,
    // a run step's summary is its first command line: the command itself says it better
    ...(step.run === undefined || shown.command === undefined ? { summary: shown.summary } : {}),
    ...(shown.command !== undefined ? { command: shown.command } : {}),
    ...(shown.changes !== undefined ? { changes: shown.changes } : {}),
    ...(shown.undo !== undefined ? { undo: shown.undo } : {}),
    cancelNote,
  };
}

/** Rows a gate's dialog takes, estimated from what it shows (the panes get the rest). */
export function gatePanelRows(
  gate: GateQuestion,
  width: number,
  stderrRows: number,
  profile: Profile,
  state: RunState,
): number {
  switch (gate.kind) {
    case 'confirm':
      return confirmHeight(confirmTexts(confirmProps(gate, profile)), width, gate.context.typeHost);
    case 'form': {
      const { form } = gate.request;
      const text = (value: string | undefined): number =>
        value ? wrapText(value, Math.max(10, width - 4)).length : 0;
      return 6 + text(form.title) + text(form.description) + form.fields.length * (width >= 100 ? 1 : 2);
    }
    case 'leave': {
      const valueWidth = Math.max(10, width - 4 - 10);
      return (
        6 + leaveLines(gate.request).reduce((sum, line) => sum + wrapText(line.text, valueWidth).length, 0)
      );
    }
    case 'failure': {
      // the title and the next-step hint wrap by words (FailurePanel); the rest has fixed rows
      const { failure } = gate;
      const title = `x ${state.steps[failure.stepId]?.title ?? failure.stepId} failed on ${failure.host}: ${failure.message}`;
      const extra =
        wrapText(title, Math.max(10, width - 4)).length -
        1 +
        wrapText(failure.hint, Math.max(10, width - 13)).length -
        1;
      return 9 + extra + Math.min(stderrRows, failure.stderrTail.length);
    }
    case 'takeover':
      return 13;
    default: {
      const unknown: never = gate;
      return unknown;
    }
  }
}
