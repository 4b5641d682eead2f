// A run reopened from its journal, read-only: a verify shows as its checklist (rows, results, evidence), any
// other run as its run screen; a reopened deploy offers the verify that followed it (`v`).
import type { AppServices } from '../app-services.js';
import { ChecklistScreen } from './ChecklistScreen.js';
import { RunScreen } from './RunScreen.js';
import type { JournalSession } from './session/journal-session.js';

/** Props of {@link JournalScreen}. */
export type JournalScreenProps = {
  view: JournalSession;
  services: AppServices;
  operator: string;
  width: number;
  height: number;
  onBack: () => void;
  /** Reopens the checks that ran after this deploy; absent when none did. */
  onChecks?: () => void;
};

export function JournalScreen({
  view,
  services,
  operator,
  width,
  height,
  onBack,
  onChecks,
}: JournalScreenProps) {
  if (view.mode === 'verify')
    return (
      <ChecklistScreen
        session={view}
        services={services}
        width={width}
        height={height}
        animate={false}
        readOnly={{ banner: view.banner }}
        onRerun={() => undefined}
        onBack={onBack}
      />
    );
  return (
    <RunScreen
      session={view}
      services={services}
      operator={operator}
      width={width}
      height={height}
      animate={false}
      readOnly={{ banner: view.banner, ...(onChecks ? { onChecks } : {}) }}
      onBack={onBack}
    />
  );
}
