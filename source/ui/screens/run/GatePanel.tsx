// The engine's pending question as a dialog: confirm a critical step, fill a form, decide after a
// failure, take over the lock of a provably dead run, or leave a run that changed something. Each question mounts fresh (keyed by id): focus
// starts on Cancel.
import { describeVerdict } from '../../../engine/lock-holder.js';
import type { RunState } from '../../../engine/run-state.js';
import type { Profile } from '../../../profile/schema.js';
import type { AppServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FormView } from '../../components/FormView.js';
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
  stderrRows: number;
  testSmtp?: AppServices['testSmtp'];
};

export function GatePanel({ gate, profile, state, operator, width, stderrRows, testSmtp }: GatePanelProps) {
  switch (gate.kind) {
    case 'confirm':
      return (
        <ConfirmDialog
          key={gate.id}
          title={gate.step.title}
          host={gate.context.host}
          user={stepUser(profile, gate.step)}
          command={stepSummary(gate.step, gate.context.command, profile.vars)}
          {...(gate.step.changes !== undefined ? { changes: gate.step.changes } : {})}
          {...(gate.step.undo !== undefined ? { undo: gate.step.undo } : {})}
          typeHostToConfirm={gate.context.typeHost}
          cancelNote={gate.context.cancel.note}
          width={width}
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

/** Rows a gate's dialog takes, estimated from what it shows (the panes get the rest). */
export function gatePanelRows(gate: GateQuestion, width: number, stderrRows: number): number {
  const inner = Math.max(10, width - 4 - 9);
  const wrapped = (text: string | undefined, cap: number): number =>
    text === undefined
      ? 0
      : Math.min(
          cap,
          text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / inner)), 0),
        );
  switch (gate.kind) {
    case 'confirm':
      return (
        7 +
        wrapped(stepSummary(gate.step, gate.context.command, {}), 8) +
        wrapped(gate.step.changes, 3) +
        wrapped(gate.step.undo, 3) +
        wrapped(gate.context.cancel.note, 6) +
        (gate.context.typeHost ? 2 : 0)
      );
    case 'form':
      return (
        7 + (gate.request.form.description ? 1 : 0) + gate.request.form.fields.length * (width >= 100 ? 1 : 2)
      );
    case 'leave':
      return 6 + leaveLines(gate.request).reduce((sum, line) => sum + (wrapped(line.text, 4) || 1), 0);
    case 'failure':
      return 9 + Math.min(stderrRows, gate.failure.stderrTail.length);
    case 'takeover':
      return 13;
    default: {
      const unknown: never = gate;
      return unknown;
    }
  }
}
