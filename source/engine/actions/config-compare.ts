// A config step's identity: the files it would write (the rendered config and its secret files) against the
// live ones, byte for byte. Shared by the run (right before the step: identical → no write, no reload) and
// the plan (`configs` of PlanFacts). A secret file is compared on its host with the content on stdin, so
// its text never comes back; only the non-secret config gets a diff, redacted.
import type { ConfigAction } from '../../profile/schema.js';
import { unifiedDiff } from '../../lib/line-diff.js';
import type { ConfigFact, ConfigFileFact } from '../plan/plan-facts.js';
import { renderConfig, secretInValues } from './config-render.js';
import { configSpec } from './config-spec.js';

/** What a config step would write: its target's text and each secret file's content. */
export type RenderedConfig = {
  step: string;
  host: string;
  target: { path: string; text: string; root: boolean };
  secrets: { path: string; content: string; root: boolean }[];
};

/** Read-only access to the live files (through the run's transports, or the plan's). */
export type LiveFileIo = {
  /** The live text, or null when the file does not exist. */
  readLive(host: string, path: string, root: boolean): Promise<string | null>;
  /** Whether the live file holds exactly `content`; null when it does not exist. */
  sameAs(host: string, path: string, content: string, root: boolean): Promise<boolean | null>;
};

/**
 * Renders `action` from the template's text; `render` fills a template (`stdin` context for secret file
 * contents), `holdsSecret` says whether a value holds a known secret (refused: it would land in the config).
 */
export function renderStepConfig(
  step: { id: string; host: string },
  action: ConfigAction,
  templateText: string,
  render: (template: string, context: 'plain' | 'stdin') => string,
  holdsSecret: (text: string) => boolean,
): RenderedConfig {
  const plain = (template: string): string => render(template, 'plain');
  const secrets = action.secret_files.map((file) => ({
    path: plain(file.path),
    content: render(file.content, 'stdin'),
    root: file.owner !== undefined,
    reference: file.reference,
  }));
  const references = Object.fromEntries(
    secrets.flatMap((file) => (file.reference ? [[file.reference, file.path]] : [])),
  );
  const spec = configSpec(action, plain, references);
  const holder = secretInValues(spec, holdsSecret);
  if (holder !== null)
    throw new Error(`the value for ${holder} contains a secret; a secret goes only into secret_files`);
  return {
    step: step.id,
    host: step.host,
    target: {
      path: plain(action.target),
      text: renderConfig(templateText, spec),
      root: action.owner !== undefined,
    },
    secrets: secrets.map(({ path, content, root }) => ({ path, content, root })),
  };
}

/** The rendered files against the live ones; `redact` masks known secrets in the diff. */
export async function compareConfig(
  rendered: RenderedConfig,
  io: LiveFileIo,
  redact: (text: string) => string,
): Promise<ConfigFact> {
  const { host, target } = rendered;
  const live = await io.readLive(host, target.path, target.root);
  const files: ConfigFileFact[] = [
    {
      path: target.path,
      secret: false,
      identical: live === target.text,
      diff: unifiedDiff(
        live ?? '',
        target.text,
        live === null ? '/dev/null' : `live ${target.path}`,
        `rendered ${target.path}`,
      ).map(redact),
    },
  ];
  for (const secret of rendered.secrets) {
    const same = await io.sameAs(host, secret.path, secret.content, secret.root);
    files.push({
      path: secret.path,
      secret: true,
      identical: same === true,
      diff:
        same === true
          ? []
          : [
              same === null
                ? '(secret file: absent live; would be written)'
                : '(secret file: content differs; not shown)',
            ],
    });
  }
  return { step: rendered.step, host, identical: files.every((file) => file.identical), files };
}
