// What a confirmation shows, rendered by the engine with the run's values: the same summary and exact
// commands `plan` prints, every template filled in, secrets masked, the rollback's release named.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmShown } from '../../source/engine/run/confirm-shown.js';
import { Redactor } from '../../source/engine/run/redaction.js';
import { RunScope } from '../../source/engine/run/run-scope.js';
import { loadProfile } from '../../source/profile/profile-loader.js';

const runtime = {
  world: '/home/op/.local/state/chom-console/sandbox/world',
  sandbox_alertmanager_url: 'http://127.0.0.1:41002/alertmanager',
};

function setup() {
  const result = loadProfile('sandbox', {
    profilesDir: resolve('profiles'),
    runtimeVars: Object.keys(runtime),
  });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  const profile = result.profile;
  const scope = new RunScope(profile, runtime);
  scope.setForm('smtp', { password: 'pw-"quoted"-1', host: 'smtp.example.org' });
  const redactor = new Redactor();
  redactor.add('pw-"quoted"-1');
  const step = (id: string) => {
    const found = [
      ...profile.phases.flatMap((phase) => phase.steps),
      ...Object.values(profile.rollback).flatMap((target) => target?.steps ?? []),
    ].find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no step ${id}`);
    return found;
  };
  const show = (id: string) =>
    confirmShown(profile, scope, step(id), profile.stepAction(step(id)), (text) => redactor.redact(text));
  return { scope, show };
}

describe('confirmShown', () => {
  it('renders the config step with the run values: no {{, the world path, the exact validate command', () => {
    const { show } = setup();
    const shown = show('configure-alertmanager');
    const all = JSON.stringify(shown);
    expect(all).not.toContain('{{');
    expect(shown.summary).toContain(
      `render ${runtime.world}/mentat/opt/chom-deploy/config/mentat/alertmanager.yml →`,
    );
    expect(shown.summary).toContain('POST http://127.0.0.1:41002/alertmanager/-/reload');
    expect(shown.command).toContain(`'${runtime.world}/mentat/opt/observability/bin'/amtool check-config`);
    // the staged file exists only once the action runs: named, not invented
    expect(shown.command).toContain('‹builtin:staged›');
    expect(all).not.toContain('pw-"quoted"-1');
  });

  it('a config step validates the file it stages itself, never the one an earlier config step staged', () => {
    const { scope, show } = setup();
    scope.setBuiltin('run_id', '20260107T101500000Z-3f2a9c');
    // what install-basic-rules left in the scope when it ran
    scope.setBuiltin('staged', '/tmp/chom-console-20260107T101500000Z-3f2a9c/basic.yml');
    const command = show('configure-prometheus').command ?? '';
    expect(command).toContain(
      "promtool check config '/tmp/chom-console-20260107T101500000Z-3f2a9c/prometheus.yml'",
    );
    expect(command).not.toContain('basic.yml');
    expect(show('configure-alertmanager').command).toContain(
      "amtool check-config '/tmp/chom-console-20260107T101500000Z-3f2a9c/alertmanager.yml'",
    );
  });

  it('shows a release switch with the commands it runs afterwards, naming the release once it is built', () => {
    const { scope, show } = setup();
    expect(show('switch').summary).toBe(
      `switch ${runtime.world}/landsraad/var/www/chom/current to the new release (atomic rename, verified with readlink)`,
    );
    scope.setBuiltin('release_id', '20260107_101500');
    const shown = show('switch');
    expect(shown.summary).toBe(
      `switch ${runtime.world}/landsraad/var/www/chom/current to the new release 20260107_101500 (atomic rename, verified with readlink)`,
    );
    expect(shown.command?.split('\n')[0]).toBe("then: sudo -n systemctl reload 'php8.2-fpm'");
  });

  it('names the release a rollback goes to once it is chosen', () => {
    const { scope, show } = setup();
    expect(show('switch-back').summary).toContain('back to the release live before the switch');
    scope.setFact('rollback_target', '20260106_132320');
    expect(show('switch-back').summary).toBe(
      `switch ${runtime.world}/landsraad/var/www/chom/current back to 20260106_132320`,
    );
  });
});
