// The loopback ports of one sandbox. Allocated once per console home and kept across restarts and resets, so
// the seeded configs (which contain them) are the same bytes every time and the world hash is stable.
// They are chosen outside the kernel's ephemeral range: a port from that range (what listen(0) hands out) is
// also the local port of any outgoing connection, so between one start of the world and the next an ssh or
// HTTP client could hold it and the start would fail with EADDRINUSE.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** Every service that listens, by name; `production` is the address production configs use. */
export const portNames = {
  app: 'landsraad.arewel.com:443',
  prometheus: 'localhost:9090',
  alertmanager: 'localhost:9093',
  grafana: 'localhost:3000',
  loki: 'localhost:3100',
  blackbox: 'localhost:9115',
  smtp: 'smtp.example.com:587',
  node_landsraad: 'landsraad.arewel.com:9100',
  node_mentat: 'mentat.arewel.com:9100',
  nginx_landsraad: 'landsraad.arewel.com:9113',
  nginx_mentat: 'mentat.arewel.com:9113',
  postgresql_landsraad: 'landsraad.arewel.com:9187',
  redis_landsraad: 'landsraad.arewel.com:9121',
  phpfpm_landsraad: 'landsraad.arewel.com:9253',
} as const;
export type PortName = keyof typeof portNames;
export type Ports = Record<PortName, number>;

/** A port the OS considers free right now (closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The kernel's ephemeral range; Linux's default when it cannot be read (another OS, a locked-down /proc). */
export function ephemeralRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): [number, number] {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && high !== undefined && low > 0 && high >= low) return [low, high];
  } catch {
    // fall through to the default
  }
  return [32768, 60999];
}

const lowestPort = 16384;
const widest = (ranges: [number, number][]): [number, number] | undefined =>
  ranges.filter(([low, high]) => high - low >= 1024).sort((a, b) => b[1] - b[0] - (a[1] - a[0]))[0];

/**
 * `CHOM_CONSOLE_SANDBOX_PORTS=low-high`: where new sandbox ports are chosen (a firewall's open range, or one
 * slice per parallel test worker so two workers never pick the same); undefined when not set.
 */
export function configuredRange(
  value = process.env.CHOM_CONSOLE_SANDBOX_PORTS,
): [number, number] | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(value.trim());
  const [low, high] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || low < 1024 || high > 65535 || high - low < 63)
    throw new Error(
      `CHOM_CONSOLE_SANDBOX_PORTS=${JSON.stringify(value)} is not a range like 20000-20999 (1024 to 65535, at least 64 ports); fix or unset it`,
    );
  return [low, high];
}

/**
 * A port free right now, at random in CHOM_CONSOLE_SANDBOX_PORTS if set, else outside the ephemeral range in
 * the widest gap (16384 up to the range, or above it), so two sandboxes allocating at once rarely pick the
 * same; listen(0) when no gap is wide enough.
 */
export async function sandboxPort(taken: ReadonlySet<number>, range = ephemeralRange()): Promise<number> {
  const gap =
    configuredRange() ??
    widest([
      [lowestPort, range[0] - 1],
      [range[1] + 1, 65535],
    ]);
  if (!gap) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    return port;
  }
  for (let tries = 0; tries < 200; tries++) {
    const port = gap[0] + Math.floor(Math.random() * (gap[1] - gap[0] + 1));
    if (!taken.has(port) && (await portIsFree(port))) return port;
  }
  throw new Error(
    `no free loopback port between ${gap[0]} and ${gap[1]} after 200 tries; set CHOM_CONSOLE_SANDBOX_PORTS to a range with free ports`,
  );
}

/** Ports for the names `saved` lacks (all of them for a new home), keeping the saved ones. */
async function allocate(saved: Partial<Ports> = {}): Promise<Ports> {
  const ports: Partial<Ports> = { ...saved };
  const used = new Set(Object.values(saved));
  for (const name of Object.keys(portNames) as PortName[]) {
    if (typeof ports[name] === 'number') continue;
    const port = await sandboxPort(used);
    used.add(port);
    ports[name] = port;
  }
  return ports as Ports;
}

/** The saved ports (only well-formed entries); undefined without a file; throws naming a damaged one. */
function readSaved(file: string): Partial<Ports> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} is damaged (${(error as Error).message}); \`chom-console sandbox reset\` chooses the world's ports again`,
      { cause: error },
    );
  }
  const saved: Partial<Ports> = {};
  for (const name of Object.keys(portNames) as PortName[]) {
    const port = (parsed as Record<string, unknown> | null)?.[name];
    if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536) saved[name] = port;
  }
  return saved;
}

/** The ports of this home: read from `file`, with any missing one (a new service) allocated and saved. */
export async function loadPorts(file: string): Promise<Ports> {
  const saved = readSaved(file);
  if (saved && Object.keys(saved).length === Object.keys(portNames).length) return saved as Ports;
  const ports = await allocate(saved);
  savePorts(file, ports);
  return ports;
}

/**
 * Replaces each saved port that something else listens on now (only call it while no sandbox of this home
 * runs: its own ports are taken too), and a damaged file by new ports. Returns what moved, for the
 * operator; the configs must be re-seeded.
 */
export async function reallocateTaken(file: string): Promise<{ name: PortName; from: number; to: number }[]> {
  let ports: Ports;
  try {
    ports = await loadPorts(file);
  } catch {
    rmSync(file, { force: true });
    ports = await loadPorts(file);
  }
  const used = new Set(Object.values(ports));
  const moved: { name: PortName; from: number; to: number }[] = [];
  for (const name of Object.keys(portNames) as PortName[]) {
    if (await portIsFree(ports[name])) continue;
    const to = await sandboxPort(used);
    used.add(to);
    moved.push({ name, from: ports[name], to });
    ports[name] = to;
  }
  if (moved.length > 0) savePorts(file, ports);
  return moved;
}

/** Written whole or not at all (a temp file renamed): a reader never sees half a file. */
function savePorts(file: string, ports: Ports): void {
  mkdirSync(dirname(file), { recursive: true });
  const staged = `${file}.${process.pid}.tmp`;
  writeFileSync(staged, `${JSON.stringify(ports, null, 2)}\n`);
  renameSync(staged, file);
}

export const hostPort = (port: number): string => `127.0.0.1:${port}`;
