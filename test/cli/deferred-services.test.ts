// Home's services before the world loads (deferred-services.ts): the header's facts at once, the real
// services loaded only after the first frame, and nothing the UI installs early lost.
import { describe, expect, it } from 'vitest';
import type { ConsoleServices } from '../../source/cli/app-services-impl.js';
import { deferredServices } from '../../source/cli/deferred-services.js';
import type { Session } from '../../source/cli/session.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { AppServices, HostKeyAsk } from '../../source/ui/app-services.js';

const session = {
  ref: 'production',
  profile: { name: 'production', hosts: {} } as unknown as LoadedProfile,
  home: '/state',
  operator: 'alice',
  io: { out: () => undefined, err: () => undefined, isTTY: true, env: {}, cwd: '/' },
} satisfies Session;

function fakeWorld() {
  const calls: string[] = [];
  let installed: HostKeyAsk | undefined;
  const services = {
    profile: session.profile,
    profileName: 'production',
    runtimeNotes: ['note from the world'],
    hosts: async () => [{ name: 'landsraad', address: 'l.example', connected: true }],
    createRun: () => {
      calls.push('createRun');
      return {} as ReturnType<AppServices['createRun']>;
    },
    setHostKeyAsk: (ask: HostKeyAsk | undefined) => (installed = ask),
  } as unknown as AppServices;
  const world: ConsoleServices = {
    services,
    ready: Promise.resolve(),
    close: async () => void calls.push('close'),
  };
  let loads = 0;
  const load = async () => {
    loads += 1;
    return world;
  };
  return { load, calls, loads: () => loads, installed: () => installed };
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('deferred services', () => {
  it('answer the header from the session and load the world only after the current turn (the first frame)', async () => {
    const world = fakeWorld();
    const deferred = deferredServices(session, world.load);
    expect(world.loads()).toBe(0);
    expect([deferred.services.profileName, deferred.services.operator]).toEqual(['production', 'alice']);
    expect(deferred.services.runtimeNotes).toBeUndefined();
    expect(() =>
      deferred.services.createRun({ mode: 'deploy' }, {} as never, new AbortController().signal),
    ).toThrow('the console is still loading its connections; press the key again in a moment');
    await nextTurn();
    expect(world.loads()).toBe(1);
    await deferred.ready;
    expect(deferred.services.runtimeNotes).toEqual(['note from the world']);
    expect(await deferred.services.hosts()).toEqual([
      { name: 'landsraad', address: 'l.example', connected: true },
    ]);
    deferred.services.createRun({ mode: 'deploy' }, {} as never, new AbortController().signal);
    await deferred.close();
    expect(world.calls).toEqual(['createRun', 'close']);
    expect(world.loads()).toBe(1);
  });

  it('installs a host-key answerer given before the world loaded', async () => {
    const world = fakeWorld();
    const deferred = deferredServices(session, world.load);
    const ask: HostKeyAsk = async () => true;
    deferred.services.setHostKeyAsk!(ask);
    await deferred.ready;
    expect(world.installed()).toBe(ask);
  });

  it('a first call before the turn ends loads the world once', async () => {
    const world = fakeWorld();
    const deferred = deferredServices(session, world.load);
    expect((await deferred.services.hosts()).length).toBe(1);
    await deferred.ready;
    expect(world.loads()).toBe(1);
  });
});
