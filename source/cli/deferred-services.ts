// Home's first frame comes before the world's modules load: the real services (ssh2 transports, the sandbox
// world, the engine; app-services-impl.ts) cost as much start-up as Ink itself, and home needs only the
// profile to draw its header and placeholders. These services answer from the session at once and hand every
// other call to the real ones, loaded right after the first frame (or at the first call, whichever is first).
import { readJournalFile } from '../engine/run/journal.js';
import { runHistory } from '../engine/run/run-history.js';
import type { AppServices, HostKeyAsk } from '../ui/app-services.js';
import type { ConsoleServices } from './app-services-impl.js';
import type { Session } from './session.js';

/** `load` creates the real services; it runs once. */
export function deferredServices(session: Session, load: () => Promise<ConsoleServices>): ConsoleServices {
  let real: ConsoleServices | undefined;
  let loading: Promise<ConsoleServices> | undefined;
  // the UI installs its host-key answerer at mount, before the real services exist
  let ask: { answer: HostKeyAsk | undefined } | undefined;
  const get = (): Promise<ConsoleServices> =>
    (loading ??= load().then((loaded) => {
      real = loaded;
      if (ask) loaded.services.setHostKeyAsk?.(ask.answer);
      return loaded;
    }));
  const later = async (): Promise<AppServices> => (await get()).services;
  // loading starts after the first frame (render() draws it synchronously); a failure surfaces at first use
  const ready = new Promise<void>((resolve) =>
    setImmediate(() => {
      get().then(
        (loaded) => loaded.ready.then(resolve, resolve),
        () => resolve(),
      );
    }),
  );
  const services: AppServices = {
    profile: session.profile,
    profileName: session.ref,
    operator: session.operator,
    get runtimeNotes() {
      return real?.services.runtimeNotes;
    },
    hosts: async () => (await later()).hosts(),
    homeFacts: async () => (await later()).homeFacts(),
    createRun: (request, gates, signal) => {
      if (!real)
        throw new Error('the console is still loading its connections; press the key again in a moment');
      return real.services.createRun(request, gates, signal);
    },
    deployPlan: async (from, only) => {
      const loaded = await later();
      if (!loaded.deployPlan) throw new Error('this console cannot read the hosts for a plan');
      return loaded.deployPlan(from, only);
    },
    releases: async () => (await later()).releases(),
    snapshots: async () => (await later()).snapshots(),
    testSmtp: async (values) => {
      const loaded = await later();
      if (!loaded.testSmtp) return { ok: false, message: 'this console cannot test SMTP logins' };
      return loaded.testSmtp(values);
    },
    follow: async (host, onLine, signal) => (await later()).follow?.(host, onLine, signal),
    assessReport: (summary) => real?.services.assessReport?.(summary) ?? '',
    exportMarkdown: async (kind, content) => (await later()).exportMarkdown(kind, content),
    // the run history is read from the journals on this machine: home lists it before any connection
    history: (limit) => runHistory(session.home, limit),
    readJournal: (path) => readJournalFile(path),
    watchRoundTrips: (listener) => {
      let unsubscribe: (() => void) | undefined;
      let stopped = false;
      void later().then((loaded) => {
        if (!stopped) unsubscribe = loaded.watchRoundTrips?.(listener);
      });
      return () => {
        stopped = true;
        unsubscribe?.();
      };
    },
    setHostKeyAsk: (answer) => {
      ask = { answer };
      real?.services.setHostKeyAsk?.(answer);
    },
  };
  return {
    services,
    ready,
    close: async () => {
      if (loading) await (await loading).close();
    },
  };
}
