// The deploy plan as titled sections of one-line rows, each with a tone: the single wording of the model,
// printed as Markdown by headless `plan` and drawn (wrapped by words, coloured) by the TUI's pre-flight.
import { commitWithName } from '../engine/plan/commit-names.js';
import type { DeployPlan, PlannedStep } from '../engine/plan/deploy-plan.js';
import type { Known } from '../engine/plan/plan-facts.js';
import { formatDuration } from '../lib/format-duration.js';
import { changesSection } from './deploy-plan-changes.js';
import { restoreWarning } from '../engine/plan/plan-migrations.js';

/** How a row reads: a state (ok, warn, fail), quiet (muted), production's own colour, or plain. */
export type RowTone = 'plain' | 'ok' | 'warn' | 'fail' | 'muted' | 'accent' | 'production';

/** One row: `text` is one paragraph (the screen wraps it; Markdown prints it as a list item). */
export type PlanRow = { text: string; tone: RowTone; indent?: number };

/** A titled group of rows. */
export type PlanSection = { title: string; rows: PlanRow[] };

const row = (text: string, tone: RowTone = 'plain', indent = 0): PlanRow => ({ text, tone, indent });
const unknownRow = (what: string, fact: { why: string }): PlanRow =>
  row(`${what}: unknown: ${fact.why}`, 'warn');
const knownText = (fact: Known<string>): string => (fact.known ? fact.value : 'unknown');

/** The symbol and words of a step's disposition. */
function dispositionText(step: PlannedStep): { mark: string; text: string; tone: RowTone } {
  const d = step.disposition;
  switch (d.kind) {
    case 'run':
      return { mark: '▸', text: 'runs', tone: 'plain' };
    case 'ask':
      return {
        mark: '?',
        text: `${d.gate === 'form' ? 'asks for the form' : 'asks for confirmation'}; Cancel: ${d.cancel}`,
        tone: 'warn',
      };
    case 'skip':
      return { mark: '⊘', text: `skipped: ${d.reason}`, tone: 'muted' };
    case 'unknown':
      return {
        mark: '…',
        text: `unknown: ${d.fact} not read (${d.why}); the run reads it right before the step: ${d.then === 'ask' ? 'asks for confirmation' : 'runs'}, or ${d.skip}`,
        tone: 'warn',
      };
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

function where(plan: DeployPlan): PlanSection {
  const tone: RowTone = plan.production ? 'production' : 'ok';
  return {
    title: 'Where',
    rows: [
      row(
        `Profile ${plan.profile}: ${plan.production ? 'PRODUCTION (real servers)' : 'the sandbox (embedded world, no server)'}`,
        tone,
      ),
      ...plan.hosts.map((host) =>
        row(`${host.name}: ${host.address}${host.user ? ` as ${host.user}` : ''}`, tone, 1),
      ),
    ],
  };
}

function what(plan: DeployPlan): PlanSection {
  const rows: PlanRow[] = [];
  if (plan.facts === 'offline')
    rows.push(
      row('Not connected: every fact read from a host is unknown (the TUI pre-flight reads them).', 'warn'),
    );
  if (plan.request.only !== null) {
    const runs = plan.phases
      .filter((phase) => phase.skipped === null)
      .map((phase) =>
        phase.whole
          ? phase.id
          : `${phase.id} (its step${phase.steps.length === 1 ? '' : 's'} ${phase.steps.map((step) => step.id).join(', ')} only)`,
      );
    rows.push(
      row(`Partial deploy --only ${plan.request.only}: runs ${runs.join(', ')}; nothing else`, 'accent'),
    );
  }
  const named = (hash: string): string => commitWithName(hash, plan.commitNames);
  // full hashes (a release's .deployment-info once the console deployed it, `--commit HASH`) are shown short
  const short = (hash: string): string => (/^[0-9a-f]{40}$/.test(hash) ? hash.slice(0, 7) : hash);
  const liveCommit = plan.liveCommit.known ? named(short(plan.liveCommit.value)) : 'unknown';
  rows.push(row(`Live: release ${knownText(plan.liveRelease)} · commit ${liveCommit}`));
  const target = plan.targetCommit;
  rows.push(
    target.known ? row(`Target commit: ${named(short(target.value))}`) : unknownRow('Target commit', target),
  );
  const commits = plan.commits;
  if (!commits.known) rows.push(unknownRow('Commits to deploy', commits));
  else {
    const { live, target, count, behind } = commits.value;
    const range = `${live.slice(0, 7)}..${target.slice(0, 7)}`;
    rows.push(
      row(
        count === 0 && behind === 0
          ? `Commits to deploy: none (${range}: the target is live)`
          : `Commits to deploy: ${count} (${range})${behind > 0 ? `; goes back ${behind} commit${behind === 1 ? '' : 's'} of the live one` : ''}`,
        behind > 0 ? 'warn' : 'plain',
      ),
      ...commits.value.commits.map((c) => row(`${named(c.short)} ${c.subject}`, 'muted', 1)),
    );
  }
  rows.push(...migrationRows(plan));
  return { title: 'What', rows };
}

/** The pending migrations, each with what it does when classified, and the restore warning. */
function migrationRows(plan: DeployPlan): PlanRow[] {
  const pending = plan.pendingMigrations;
  if (!pending.known) return [unknownRow('Pending migrations', pending)];
  const classified = new Map(plan.classified.known ? plan.classified.value.map((m) => [m.name, m]) : []);
  const warning = plan.classified.known ? restoreWarning(plan.classified.value) : null;
  return [
    row(
      `Pending migrations: ${pending.value.length === 0 ? 'none' : pending.value.length}`,
      pending.value.length > 0 ? 'warn' : 'plain',
    ),
    ...pending.value.map((name) => {
      const m = classified.get(name);
      if (m === undefined) return row(name, 'muted', 1);
      const what = m.changes.map((c) => `${c.kind} ${c.target}`).join(' · ');
      const restore =
        m.needsRestore === true
          ? ' (a rollback then needs a database restore)'
          : m.needsRestore === null
            ? ' (not classified: a rollback may need a database restore)'
            : '';
      return row(`${name}: ${what}${restore}`, m.needsRestore === false ? 'muted' : 'warn', 1);
    }),
    ...(warning !== null ? [row(`Warning: ${warning}`, 'fail')] : []),
  ];
}

function phases(plan: DeployPlan): PlanSection[] {
  return plan.phases.map((phase, index) => {
    const title = `Phase ${index + 1}/${plan.phases.length}: ${phase.title}`;
    if (phase.skipped !== null) return { title, rows: [row(phase.skipped, 'muted')] };
    const critical =
      phase.critical.length > 0 ? `critical: ${phase.critical.join(', ')}` : 'no critical step';
    return {
      title,
      rows: [
        row(critical, phase.critical.length > 0 ? 'warn' : 'muted'),
        ...phase.steps.map((step) => {
          const d = dispositionText(step);
          return row(`${d.mark} ${step.title} (${step.id}, ${step.host}): ${d.text}`, d.tone, 1);
        }),
      ],
    };
  });
}

function backups(plan: DeployPlan): PlanSection {
  return {
    title: 'Backed up',
    rows:
      plan.backups.length === 0
        ? [row('nothing (no step of this run backs anything up)', 'warn')]
        : plan.backups.map((b) => row(`${b.host}: ${b.what} (${b.stepId})`)),
  };
}

function lastRun(plan: DeployPlan): PlanSection {
  const last = plan.lastRun;
  return {
    title: 'Last deploy',
    rows: [
      last === null
        ? row('none journalled on this machine', 'muted')
        : row(
            `${last.result} in ${formatDuration(last.durationMs)} (run ${last.runId}, by ${last.operator}, started ${last.startedAt})`,
            last.result === 'ok' ? 'ok' : 'warn',
          ),
    ],
  };
}

/** The plan's sections, in reading order. */
export function deployPlanSections(plan: DeployPlan): PlanSection[] {
  const c = plan.counts;
  const summary: PlanSection = {
    title: 'Steps',
    rows: [
      ...(plan.nothing !== undefined ? [row(plan.nothing)] : []),
      row(`${c.run} run · ${c.ask} ask · ${c.skip} skipped · ${c.unknown} unknown`),
    ],
  };
  return [
    where(plan),
    what(plan),
    changesSection(plan),
    summary,
    ...phases(plan),
    backups(plan),
    lastRun(plan),
  ];
}

/** The sections as Markdown (headless `plan`). */
export function deployPlanMarkdown(plan: DeployPlan): string {
  return deployPlanSections(plan)
    .map(
      (section) =>
        `### ${section.title}\n\n${section.rows.map((r) => `${'  '.repeat(r.indent ?? 0)}- ${r.text}`).join('\n')}`,
    )
    .join('\n\n');
}
