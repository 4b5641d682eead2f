// Choosing the sandbox's loopback ports: outside the kernel's ephemeral range, or in CHOM_CONSOLE_SANDBOX_PORTS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configuredRange, ephemeralRange, sandboxPort } from '../../source/sandbox/ports.js';

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
      process.env.CHOM_CONSOLE_SANDBOX_PORTS = `${busy}-${busy + 63}`;
      const taken = new Set([busy + 1, busy + 2]);
      const ports = await Promise.all(Array.from({ length: 30 }, () => sandboxPort(taken)));
      expect(ports.every((port) => port > busy + 2 && port <= busy + 63)).toBe(true);
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
    // the suite's setup gives each worker a slice of its own
    expect(configuredRange()).toBeDefined();
    expect(configuredRange(' 20000-20999 ')).toEqual([20000, 20999]);
    expect(configuredRange('')).toBeUndefined();
  });
});
