// The header with the hosts' live round trips: its own clock and subscription, so their ages tick each
// second without re-rendering the screen below.
import type { AppServices } from '../app-services.js';
import { useClock } from '../hooks/use-clock.js';
import { useRoundTrips } from '../hooks/use-round-trips.js';
import { Header, type HeaderProps } from './Header.js';

/** Props of {@link LiveHeader}: the header's, and the services that measure the round trips. */
export type LiveHeaderProps = Omit<HeaderProps, 'now'> & { services: Pick<AppServices, 'watchRoundTrips'> };

export function LiveHeader({ services, hosts, ...rest }: LiveHeaderProps) {
  const samples = useRoundTrips(services);
  const now = useClock(samples.size > 0);
  const live = hosts.map((host) =>
    host.connection.state === 'connected' && samples.has(host.name)
      ? { ...host, connection: { ...host.connection, roundTrip: samples.get(host.name)! } }
      : host,
  );
  return <Header {...rest} hosts={live} now={now} />;
}
