// The engine asks through gates (promises); the UI answers with dialogs. The bridge turns each gate call
// into a pending question the screens can read (subscribe/current) and answer exactly once.
import type { FailureDecision, LockInfo, StepFailure } from '../engine/run/events.js';
import type {
  ConfirmAnswer,
  ConfirmContext,
  FailureContext,
  FormAnswer,
  FormRequest,
  Gates,
  LeaveRequest,
} from '../engine/run/gates.js';
import type { LeaveChoice } from '../engine/run/cancel-plan.js';
import type { Step } from '../profile/schema.js';

/** A question of the engine waiting for the operator; `answer` settles it (later calls are ignored). */
export type GateQuestion =
  | { kind: 'confirm'; id: number; step: Step; context: ConfirmContext; answer: (a: ConfirmAnswer) => void }
  | { kind: 'form'; id: number; request: FormRequest; answer: (a: FormAnswer) => void }
  | {
      kind: 'failure';
      id: number;
      failure: StepFailure;
      context: FailureContext;
      answer: (d: FailureDecision) => void;
    }
  | { kind: 'leave'; id: number; request: LeaveRequest; answer: (choice: LeaveChoice) => void }
  | {
      kind: 'takeover';
      id: number;
      lock: LockInfo;
      answer: (a: { typed: string; by: string } | null) => void;
    };

type Pending = { question: GateQuestion; cancel: () => void };

/** Bridges engine gates to screens; one question is shown at a time, in the order asked. */
export class GatesBridge {
  readonly gates: Gates;
  private queue: Pending[] = [];
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  constructor(readonly operator: string) {
    this.gates = {
      confirm: (step, context) =>
        this.ask<ConfirmAnswer>((id, answer) => ({ kind: 'confirm', id, step, context, answer }), {
          answer: 'no',
          by: operator,
        }),
      form: (request) =>
        this.ask<FormAnswer>((id, answer) => ({ kind: 'form', id, request, answer }), 'cancel'),
      failure: (failure, context) =>
        this.ask<FailureDecision>(
          (id, answer) => ({ kind: 'failure', id, failure, context, answer }),
          'abort',
        ),
      // Quitting while asked pauses: the run stops where it is and stays resumable.
      leave: (request) =>
        this.ask<LeaveChoice>((id, answer) => ({ kind: 'leave', id, request, answer }), 'pause'),
      takeover: (lock) =>
        this.ask<{ typed: string; by: string } | null>(
          (id, answer) => ({ kind: 'takeover', id, lock, answer }),
          null,
        ),
    };
  }

  /** The question to show now, or null. */
  current(): GateQuestion | null {
    return this.queue[0]?.question ?? null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Answers every pending question with its safe answer (no, cancel, abort, pause, keep the lock). */
  cancelAll(): void {
    for (const pending of [...this.queue]) pending.cancel();
  }

  private ask<T>(make: (id: number, answer: (value: T) => void) => GateQuestion, safe: T): Promise<T> {
    return new Promise<T>((resolve) => {
      let settled = false;
      const settle = (value: T): void => {
        if (settled) return;
        settled = true;
        this.queue = this.queue.filter((pending) => pending !== entry);
        resolve(value);
        this.notify();
      };
      const entry: Pending = { question: make(this.nextId++, settle), cancel: () => settle(safe) };
      this.queue = [...this.queue, entry];
      this.notify();
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
