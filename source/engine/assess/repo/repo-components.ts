// "Missing components": what the repository's HEAD has and the live hosts lack (pure). Application files are
// compared with the live release's file list, artisan commands with `artisan list`, routes with the live
// routes/api.php, rule files and deploy scripts by sha256, and two config changes by what they mean.
import type { AppFacts, MissingComponent, ObservabilityFacts } from '../assess-model.js';
import type { RepoSnapshot } from './repo-git.js';
import { addedRoutes, routeTableOf, type DeclaredRoute } from './repo-routes.js';
import { methodLabel } from '../laravel/route-model.js';

/** Roots the live release-files probe lists (the same set on both sides). */
const appRoots = /^(app\/|database\/migrations\/|routes\/|config\/|resources\/views\/)/;

function kindOf(path: string): MissingComponent['kind'] {
  if (path.startsWith('app/Models/')) return 'model';
  if (path.startsWith('app/Http/Controllers/')) return 'controller';
  if (path.startsWith('app/Console/Commands/')) return 'command';
  if (path.startsWith('app/Livewire/')) return 'livewire';
  if (path.startsWith('app/Services/')) return 'service';
  if (path.startsWith('database/migrations/')) return 'migration';
  if (path.startsWith('resources/views/')) return 'view';
  if (path.startsWith('config/')) return 'config';
  return 'file';
}

const stem = (path: string): string => (path.split('/').pop() ?? path).replace(/(\.blade)?\.php$/, '');

/** Artisan command names declared at HEAD (`protected $signature = 'smtp:export {…}'`), by file. */
function commandSignatures(snapshot: RepoSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of Object.entries(snapshot.contents)) {
    const m = /\$signature\s*=\s*['"]([\w:-]+)/.exec(text);
    if (path.startsWith('app/Console/Commands/') && m) out.set(path, m[1]!);
  }
  return out;
}

/** The routes HEAD registers (every route file, as Laravel reads them). */
export const headRoutes = (snapshot: RepoSnapshot): DeclaredRoute[] => routeTableOf(snapshot.contents).routes;

function appComponents(
  snapshot: RepoSnapshot,
  app: AppFacts,
  liveFiles: string[] | null,
  liveRoutes: DeclaredRoute[] | null,
): MissingComponent[] {
  const out: MissingComponent[] = [];
  const commands = commandSignatures(snapshot);
  if (liveFiles !== null) {
    const live = new Set(liveFiles);
    for (const path of snapshot.files.filter((f) => appRoots.test(f) && !live.has(f))) {
      const kind = kindOf(path);
      const command = commands.get(path);
      const detail =
        kind === 'migration'
          ? app.ran_migrations.includes(stem(path))
            ? 'file absent, already run'
            : 'not run'
          : 'absent from the live release';
      out.push({ kind, name: command ? `${stem(path)} (${command})` : stem(path), path, detail });
    }
  }
  // `artisan list` only when the file list is unknown: the file is the deployed code, the list may be cached
  if (liveFiles === null && app.artisan_commands.length > 0) {
    for (const [path, name] of commands)
      if (!app.artisan_commands.includes(name))
        out.push({ kind: 'command', name, path, detail: 'not listed by `php artisan list`' });
  }
  if (liveRoutes !== null) {
    for (const route of addedRoutes(headRoutes(snapshot), liveRoutes)) {
      const status = app.api_routes.find((r) => r.path === route.path)?.status;
      out.push({
        kind: 'route',
        name: `${methodLabel(route)} ${route.path}`,
        path: route.file,
        detail: status == null ? 'not registered live' : `not registered live (answers ${status})`,
      });
    }
  }
  return out;
}

function observabilityComponents(snapshot: RepoSnapshot, obs: ObservabilityFacts): MissingComponent[] {
  const out: MissingComponent[] = [];
  const rules = new Map(obs.rule_files.map((f) => [f.name, f.sha256]));
  const scripts = new Map(obs.deploy_hub_scripts.map((f) => [f.name, f.sha256]));
  for (const [path, sha] of Object.entries(snapshot.hashes)) {
    const name = path.split('/').pop()!;
    if (path.includes('/prometheus-alerts/')) {
      if (!rules.has(name))
        out.push({ kind: 'rule-file', name, path, detail: 'absent from the rules directory' });
      else if (rules.get(name) !== null && rules.get(name) !== sha)
        out.push({ kind: 'rule-file', name, path, detail: 'differs from the repository' });
      continue;
    }
    const live = path.replace(/^deploy\//, '');
    if (obs.deploy_hub_scripts.length === 0) continue;
    if (!scripts.has(live))
      out.push({ kind: 'script', name: live, path, detail: 'absent from the deploy hub' });
    else if (scripts.get(live) !== null && scripts.get(live) !== sha)
      out.push({ kind: 'script', name: live, path, detail: 'the deploy hub has another version' });
  }
  const prometheus = snapshot.contents['deploy/config/mentat/prometheus.yml'] ?? '';
  const prefix = /^[\s-]*path_prefix:\s*['"]?([^'"\s]+)/m.exec(prometheus)?.[1];
  if (prefix && obs.alerting_path_prefix !== null && obs.alerting_path_prefix !== prefix)
    out.push({
      kind: 'config',
      name: 'prometheus.yml alerting path_prefix',
      path: 'deploy/config/mentat/prometheus.yml',
      detail: `the repository sends alerts to ${prefix}; live: ${obs.alerting_path_prefix || 'no prefix'}`,
    });
  const alertmanager = snapshot.contents['deploy/config/mentat/alertmanager.yml'] ?? '';
  if (/^\s*smtp_smarthost:/m.test(alertmanager) && obs.smtp_state !== null && obs.smtp_state !== 'configured')
    out.push({
      kind: 'config',
      name: 'alertmanager.yml SMTP settings',
      path: 'deploy/config/mentat/alertmanager.yml',
      detail: `the repository configures SMTP; live: ${obs.smtp_state}`,
    });
  return out;
}

/** Everything HEAD has that the live hosts lack; a side whose facts are unknown is skipped, not guessed. */
export function missingComponents(args: {
  snapshot: RepoSnapshot;
  app: AppFacts | null;
  liveFiles: string[] | null;
  liveRoutes: DeclaredRoute[] | null;
  observability: ObservabilityFacts | null;
}): MissingComponent[] {
  return [
    ...(args.app ? appComponents(args.snapshot, args.app, args.liveFiles, args.liveRoutes) : []),
    ...(args.observability ? observabilityComponents(args.snapshot, args.observability) : []),
  ];
}
