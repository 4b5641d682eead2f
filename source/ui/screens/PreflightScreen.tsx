// The pre-flight of a deploy: what it will run, skip or ask, the commits and migrations it brings, the
// hosts (production in its own colour), what it backs up and how the last deploy went, from the engine's
// deploy plan over read-only facts. Enter starts the deploy; Esc goes back home with nothing changed (no
// lock taken: nothing here writes to a host).
import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { deployPlan, type DeployPlan } from '../../engine/plan/deploy-plan.js';
import { offlineFacts } from '../../engine/plan/plan-facts.js';
import { previewRender } from '../../engine/plan/plan-render.js';
import { truncateToWidth } from '../../lib/terminal-text.js';
import type { AppServices } from '../app-services.js';
import { wrapText } from '../widgets/confirm/confirm-layout.js';
import { Footer } from '../components/Footer.js';
import { useAsync } from '../hooks/use-async.js';
import { useKeyLayer } from '../hooks/use-key-dispatcher.js';
import { useTheme } from '../hooks/use-theme.js';
import { preflightLines, preflightWindow } from './preflight/preflight-lines.js';

/** Props of {@link PreflightScreen}. */
export type PreflightScreenProps = {
  services: AppServices;
  width: number;
  height: number;
  /** Enter: start the deploy as planned (`only`: the part chosen with `o`, as `deploy --only`). */
  onStart: (only?: string) => void;
  onBack: () => void;
};

/**
 * The plan before the hosts answered (or when they could not): every host fact says why it is not known.
 * Its facts are being read over the console's connections, so it is not the `offline` plan of `plan`.
 */
function placeholderPlan(services: AppServices, why: string, only: string | undefined): DeployPlan {
  const { profile } = services;
  const facts = offlineFacts(
    profile,
    { variable: () => undefined, history: () => services.history?.(20).entries ?? [] },
    why,
  );
  const request = only === undefined ? {} : { only };
  return { ...deployPlan(profile, request, facts, previewRender(profile)), facts: 'live' };
}

export function PreflightScreen({ services, width, height, onStart, onBack }: PreflightScreenProps) {
  const theme = useTheme();
  // `o` steps through the whole runbook and the profile's parts; each choice is planned from the hosts again
  const choices = useMemo(() => [undefined, ...Object.keys(services.profile.parts)], [services.profile]);
  const [only, setOnly] = useState<string | undefined>(undefined);
  const [read, reload] = useAsync(() =>
    services.deployPlan
      ? services.deployPlan(undefined, only)
      : Promise.reject(new Error('this console cannot read the hosts for a plan')),
  );
  // a plan read for the previous choice is not shown as this one's (until the reload answers)
  const loaded: typeof read =
    read.kind === 'ready' && (read.value.request.only ?? undefined) !== only ? { kind: 'loading' } : read;
  const chosen = useRef(only);
  useEffect(() => {
    if (chosen.current === only) return;
    chosen.current = only;
    reload();
  }, [only, reload]);
  const plan = useMemo(
    () =>
      loaded.kind === 'ready'
        ? loaded.value
        : placeholderPlan(
            services,
            loaded.kind === 'loading' ? 'reading from the hosts…' : `could not read: ${loaded.message}`,
            only,
          ),
    [loaded, services, only],
  );
  const production = plan.production;
  const status =
    loaded.kind === 'loading'
      ? 'reading the hosts (read-only)…'
      : loaded.kind === 'failed'
        ? `facts not read: ${loaded.message}`
        : 'facts read from the hosts (read-only)';
  const title = wrapText(
    `Pre-flight: deploy${only === undefined ? '' : ` --only ${only}`} on ${services.profileName}${production ? ' (PRODUCTION)' : ' (sandbox)'} · ${status}`,
    width,
  );
  const lines = useMemo(() => preflightLines(plan, width), [plan, width]);
  const bodyRows = Math.max(1, height - title.length - 2);
  const [offset, setOffset] = useState(0);
  const view = preflightWindow(lines.length, bodyRows, offset);
  const scroll = (by: number) =>
    setOffset((now) => Math.max(0, Math.min(Math.max(0, lines.length - view.visible), now + by)));
  useKeyLayer({
    scopes: ['preflight', 'global'],
    handlers: {
      'begin-deploy': () => onStart(only),
      'next-part': () => setOnly((now) => choices[(choices.indexOf(now) + 1) % choices.length]),
      back: () => onBack(),
      'scroll-down': () => scroll(1),
      'scroll-up': () => scroll(-1),
      'page-down': () => scroll(view.visible),
      'page-up': () => scroll(-view.visible),
    },
  });
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {title.map((row, index) => (
        <Text key={`t${index}`} bold color={theme.tone(production ? 'production' : 'accent')}>
          {row}
        </Text>
      ))}
      {lines.slice(view.offset, view.offset + view.visible).map((line, index) => (
        <Text
          key={view.offset + index}
          bold={line.bold}
          {...(line.tone === 'plain' ? {} : { color: theme.tone(line.tone) })}
        >
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      {view.marker === null ? null : <Text dimColor>{truncateToWidth(view.marker, width)}</Text>}
      <Box flexGrow={1} />
      <Text> </Text>
      <Footer scopes={['preflight', 'global']} width={width} />
    </Box>
  );
}
