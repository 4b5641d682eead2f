// `chom-console plan --live [--out FILE] [--format md|json]`: the concrete deploy plan against the hosts,
// read-only: connects like every host command (exit 3 names the host), reads the deciding facts, prints the
// plan; --out saves the JSON document with its fingerprint for `deploy --plan FILE`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PlanError } from '../engine/plan/plan.js';
import { Redactor } from '../engine/run/redaction.js';
import { livePlanDocument, livePlanJson } from '../report/live-plan-document.js';
import { livePlanMarkdown } from '../report/live-plan-markdown.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { readLive } from './live-plan-read.js';
import type { PlanOptions } from './plan-command.js';
import { loadSession, openHosts, withAbort } from './session.js';

/** Prints the live plan; writes it to `--out` (JSON) when asked. */
export async function livePlanCommand(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  const loaded = await loadSession(options, io);
  if (!loaded.ok) return loaded.code;
  const { session } = loaded;
  return withAbort(io, async () => {
    const opened = await openHosts(session);
    if (!opened.ok) return opened.code;
    const { hosts } = opened;
    try {
      if (options.format !== 'json')
        io.err(`reading ${Object.keys(session.profile.hosts).join(', ')} read-only for the plan…`);
      const read = await readLive({
        profile: session.profile,
        transports: hosts.connections.transports,
        runtimeVars: hosts.runtimeVars,
        stateDir: session.home,
        redactor: new Redactor(),
        ...(options.from !== undefined && { from: options.from }),
        ...(options.only !== undefined && { only: options.only }),
      });
      const plan = livePlanDocument({
        profile: session.profile,
        runtimeVars: hosts.runtimeVars,
        read,
        request: {
          from: options.from ?? null,
          only: options.only ?? null,
          commit: session.values?.commit?.hash ?? null,
          vars: options.var ?? [],
        },
        commitNames: session.sandbox?.commitNames ?? {},
        madeBy: session.operator,
      });
      const json = livePlanJson(plan);
      io.out(options.format === 'json' ? json : livePlanMarkdown(plan));
      if (options.out !== undefined) {
        const file = resolve(io.cwd, options.out);
        writeFileSync(file, `${json}\n`, { mode: 0o644 });
        io.err(
          `plan written to ${file} (fingerprint ${plan.fingerprint}); apply it with \`chom-console deploy --plan ${options.out}\``,
        );
      }
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      io.err(`plan: ${error.message}`);
      return exitCodes.usage;
    } finally {
      await hosts.close();
    }
  });
}
