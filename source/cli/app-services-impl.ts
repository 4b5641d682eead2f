// The terminal UI's AppServices over the real world, composed of its parts: the world (sandbox, transports;
// console-world.ts), read-only host reads (host-reads.ts) for the home screen and the pickers
// (home-services.ts), the hosts' states and log followers (console-hosts.ts), and the runs through the
// engine's runner (run-services.ts). Everything the home screen and the rollback picker read is a read-only
// command; every run goes through sessionRunner with a journal under the state directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournalFile } from '../engine/run/journal.js';
import { runHistory } from '../engine/run/run-history.js';
import { Redactor } from '../engine/run/redaction.js';
import type { AppServices, ExportKind } from '../ui/app-services.js';
import { consoleHosts } from './console-hosts.js';
import { startConsoleWorld } from './console-world.js';
import { homeServices } from './home-services.js';
import { hostReads } from './host-reads.js';
import type { Session } from './session.js';
import { runServices } from './run-services.js';
import { sandboxNotes } from './sandbox-notes.js';

/** The services plus their lifecycle: `ready` once the hosts can be reached, `close` on exit. */
export type ConsoleServices = { services: AppServices; ready: Promise<void>; close: () => Promise<void> };

const stamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);

/** Writes Markdown under `<home>/exports/` (0600) and returns its path. */
function exportMarkdown(home: string, kind: ExportKind, content: string): string {
  const dir = join(home, 'exports');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${kind}-${stamp()}.md`);
  writeFileSync(path, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
  return path;
}

export function createConsoleServices(session: Session): ConsoleServices {
  const { profile, home, operator } = session;
  const redactor = new Redactor();
  const world = startConsoleWorld(session);
  const reads = hostReads(profile, world, redactor);
  // the snapshots the picker last listed (a rollback there may only name one of them); null before any
  // listing, e.g. `rollback --target observability --to NAME` on a terminal: the restore step checks the name
  let listedSnapshots: ReadonlySet<string> | null = null;
  const hosts = consoleHosts(profile, world, reads, redactor);
  const services: AppServices = {
    profile,
    profileName: session.ref,
    operator,
    get runtimeNotes() {
      const current = world.state();
      if (current.kind === 'failed') return [current.message];
      return current.kind === 'ready' && current.sandbox ? sandboxNotes(current.sandbox) : [];
    },
    hosts: hosts.hosts,
    follow: hosts.follow,
    watchRoundTrips: hosts.watchRoundTrips,
    ...homeServices(profile, home, reads, redactor, (names) => {
      listedSnapshots = names;
    }),
    ...runServices(session, world, redactor, {
      obsHost: reads.obsHost,
      listedSnapshots: () => listedSnapshots,
    }),
    setHostKeyAsk: world.setHostKeyAsk,
    history: (limit) => runHistory(home, limit),
    readJournal: (path) => readJournalFile(path),
    exportMarkdown: async (kind, content) => exportMarkdown(home, kind, content),
  };
  return {
    services,
    ready: world.ready,
    close: async () => {
      hosts.stopFollowers();
      await world.close();
    },
  };
}
