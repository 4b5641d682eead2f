// The loopback ports of one sandbox. Allocated once per console home and kept across restarts and resets, so
// the seeded configs (which contain them) are the same bytes every time and the world hash is stable.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

async function allocate(): Promise<Ports> {
  const ports: Partial<Ports> = {};
  const used = new Set<number>();
  for (const name of Object.keys(portNames) as PortName[]) {
    let port = await freePort();
    while (used.has(port)) port = await freePort();
    used.add(port);
    ports[name] = port;
  }
  return ports as Ports;
}

/** The ports of this home: read from `file`, or allocated and written there. */
export async function loadPorts(file: string): Promise<Ports> {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Ports>;
    if ((Object.keys(portNames) as PortName[]).every((name) => typeof saved[name] === 'number'))
      return saved as Ports;
  }
  const ports = await allocate();
  savePorts(file, ports);
  return ports;
}

export function savePorts(file: string, ports: Ports): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(ports, null, 2)}\n`);
}

export const hostPort = (port: number): string => `127.0.0.1:${port}`;
