// Each sandbox host has its own temporary directory (<root>/tmp: its shells' TMPDIR, and the profile's
// `tmp_dir` in sandbox.yaml): a staging leftover of another run in the machine's /tmp, matching the
// old-smtp-passwords probe's glob, does not show in the sandbox's assessment; one in mentat's own tmp does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostConnections } from '../../source/cli/host-connections.js';
import { runAssessment } from '../../source/engine/assess/assess-session.js';
import { readRepository } from '../../source/engine/assess/repo/repo-git.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import {
  loadSandboxProfile,
  profilesDir,
  startWorld,
  worldTransports,
  type World,
} from '../helpers/sandbox-world.js';

describe('sandbox temporary directories', () => {
  let world: World | undefined;
  let home: string;
  let sandbox: RunningSandbox;
  let profile: LoadedProfile;
  let connections: HostConnections;
  // the machine's own /tmp, as a killed run of the console on this machine (or another sandbox's) leaves it
  const machineLeftover = mkdtempSync('/tmp/chom-console-tmp-isolation-');

  const tempCopies = async (): Promise<number | undefined> => {
    const run = await runAssessment({
      profile,
      transports: connections.transports,
      runtimeVars: sandbox.runtimeVars,
      snapshot: readRepository(sandbox.runtimeVars.sandbox_repo_dir!),
      operator: 'tmp-isolation-test',
      profileDir: profilesDir,
      stateDir: home,
    });
    expect(run.refused).toBeNull();
    const mentat = run.assessment!.hosts.mentat!;
    if (mentat.role !== 'observability') throw new Error('mentat is not the observability host');
    return mentat.facts.old_password_copies?.temp;
  };

  beforeAll(async () => {
    writeFileSync(join(machineLeftover, 'secret-smtp_auth_password'), 'an old password of another run\n');
    world = await startWorld('chom-sbx-tmp-isolation-');
    ({ home, sandbox } = world);
    profile = loadSandboxProfile(sandbox);
    connections = worldTransports(profile, sandbox);
  }, 60_000);

  afterAll(async () => {
    await connections?.close();
    await world?.close();
    rmSync(machineLeftover, { recursive: true, force: true });
  });

  it("gives each host's shells a TMPDIR under its root", async () => {
    for (const host of ['landsraad', 'mentat'] as const) {
      const made = await runOnHost(home, host, 'mktemp');
      expect(made.code).toBe(0);
      expect(made.stdout.startsWith(`${sandbox.runtimeVars.world}/${host}/tmp/tmp.`)).toBe(true);
    }
  });

  it("counts mentat's own staging leftovers, never the machine's /tmp", async () => {
    expect(await tempCopies()).toBe(0);
    const staged = join(sandbox.runtimeVars.world!, 'mentat/tmp/chom-console-20260101-000000-abcd');
    mkdirSync(staged, { recursive: true });
    writeFileSync(join(staged, 'secret-smtp_auth_password'), 'an old password of this world\n');
    expect(await tempCopies()).toBe(1);
  }, 60_000);
});
