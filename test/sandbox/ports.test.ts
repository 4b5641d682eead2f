// Choosing the sandbox's loopback ports: outside the kernel's ephemeral range, or in CHOM_CONSOLE_SANDBOX_PORTS.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  configuredRange,
  ephemeralRange,
  loadPorts,
  portNames,
  reallocateTaken,
  sandboxPort,
  type Ports,
} from '../../source/sandbox/lifecycle/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'chom-ports-'));
const saved = process.env.CHOM_CONSOLE_SANDBOX_PORTS;
afterEach(() => {
  if (saved === undefined) delete process.env.CHOM_CONSOLE_SANDBOX_PORTS;
  else process.env.CHOM_CONSOLE_SANDBOX_PORTS = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox ports', () => {
  it('reads the ephemeral range, and falls back to Linux’s default when it cannot', () => {
    const file = join(dir, 'range');
    writeFileSync(file, '40000\t50000\n');
    expect(ephemeralRange(file)).toEqual([40000, 50000]);
    writeFileSync(file, 'garbage\n');
    expect(ephemeralRange(file)).toEqual([32768, 60999]);
    expect(ephemeralRange(join(dir, 'missing'))).toEqual([32768, 60999]);
  });

  it('picks outside the ephemeral range, in the widest gap', async () => {
    delete process.env.CHOM_CONSOLE_SANDBOX_PORTS;
    const below = await Promise.all(Array.from({ length: 20 }, () => sandboxPort(new Set(), [32768, 60999])));
    expect(below.every((port) => port >= 16384 && port < 32768)).toBe(true);
    // a range starting low leaves only the gap above it
    const above = await Promise.all(Array.from({ length: 20 }, () => sandboxPort(new Set(), [1024, 50000])));
    expect(above.every((port) => port > 50000 && port <= 65535)).toBe(true);
  });

  it('keeps to CHOM_CONSOLE_SANDBOX_PORTS, skipping taken and busy ports', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const busy = (squatter.address() as { port: number }).port;
    try {
      const low = Math.min(busy, 65535 - 63);
      process.env.CHOM_CONSOLE_SANDBOX_PORTS = `${low}-${low + 63}`;
      // all but ten ports of the range are taken or busy: every pick must be one of those ten
      const free = Array.from({ length: 64 }, (_, i) => low + i)
        .filter((port) => port !== busy)
        .slice(-10);
      const taken = new Set(
        Array.from({ length: 64 }, (_, i) => low + i).filter((port) => !free.includes(port)),
      );
      taken.delete(busy);
      const ports = await Promise.all(Array.from({ length: 30 }, () => sandboxPort(taken)));
      expect(ports.every((port) => free.includes(port))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it.each(['20000', '20000-20010', 'abc-def', '80-1000', '60000-70000', '30000-20000'])(
    'refuses CHOM_CONSOLE_SANDBOX_PORTS=%s saying what it wants',
    (value) => {
      expect(() => configuredRange(value)).toThrow(
        `CHOM_CONSOLE_SANDBOX_PORTS=${JSON.stringify(value)} is not a range like 20000-20999`,
      );
    },
  );

  it('accepts a range with spaces around it, and treats empty as unset', () => {
    process.env.CHOM_CONSOLE_SANDBOX_PORTS = '21000-21999';
    expect(configuredRange()).toEqual([21000, 21999]);
    expect(configuredRange(' 20000-20999 ')).toEqual([20000, 20999]);
    expect(configuredRange('')).toBeUndefined();
  });

  it('names a damaged ports.json and says how to recover; reset’s reallocation replaces it', async () => {
    const file = join(dir, 'damaged.json');
    writeFileSync(file, '{"app": 2');
    await expect(loadPorts(file)).rejects.toThrow(
      new RegExp(
        `^${file.replaceAll('.', '\\.')} is damaged \\(.*\\); \`chom-console sandbox reset\` chooses`,
      ),
    );
    expect(await reallocateTaken(file)).toEqual([]);
    const ports = JSON.parse(readFileSync(file, 'utf8')) as Ports;
    expect(Object.keys(ports).sort()).toEqual(Object.keys(portNames).sort());
  });

  it('keeps the saved ports and allocates only a missing or malformed one; writes leave no temp file', async () => {
    const file = join(dir, 'partial.json');
    const full = await loadPorts(file);
    const { smtp: _dropped, ...rest } = full;
    writeFileSync(file, JSON.stringify({ ...rest, grafana: 'x' }));
    const again = await loadPorts(file);
    expect({ ...again, smtp: 0, grafana: 0 }).toEqual({ ...full, smtp: 0, grafana: 0 });
    expect(typeof again.smtp).toBe('number');
    expect(typeof again.grafana).toBe('number');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(again);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
