// A finished run's screen, rebuilt from its journal: the same events through the same reducer the live run
// screen used (run-state.ts), so a reopened run shows its steps, command log and outcome as they were.
import type { RunEvent } from './events.js';
import { initialRunState, reduceRunState, type RunState } from './run-state.js';

/** The run state a journal's events leave. */
export function replayRunState(events: readonly RunEvent[]): RunState {
  return events.reduce(reduceRunState, initialRunState);
}

/** The hosts that appear in a journal (steps, output, commands), in order of appearance. */
export function journalHosts(events: readonly RunEvent[]): string[] {
  const hosts: string[] = [];
  for (const event of events) {
    if (event.type === 'step-started' || event.type === 'output' || event.type === 'command-finished')
      if (!hosts.includes(event.host)) hosts.push(event.host);
  }
  return hosts;
}
