// The hosts' live round trips for the header: subscribed while mounted, so sampling stops with the console.
import { useEffect, useState } from 'react';
import type { RoundTripSample } from '../../engine/run/round-trip-watch.js';
import type { AppServices } from '../app-services.js';

const none: ReadonlyMap<string, RoundTripSample> = new Map();

/** The newest samples, host → sample (empty when the services measure none). */
export function useRoundTrips(
  services: Pick<AppServices, 'watchRoundTrips'>,
): ReadonlyMap<string, RoundTripSample> {
  const [samples, setSamples] = useState(none);
  useEffect(() => services.watchRoundTrips?.(setSamples), [services]);
  return samples;
}
