// Runtime (plain JavaScript): STAND-IN Prometheus / Alertmanager for machines without the real binaries.
// Answers the URLs the runbook probes (ready, healthy, reload, metrics, rules, targets, status) under the
// route prefix, reading the config files with regular expressions only. Every answer says "stand-in".
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, dirname, join } from 'node:path';

function flags(args) {
  const out = {};
  for (const a of args) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function glob(pattern) {
  const dir = dirname(pattern);
  const re = new RegExp('^' + basename(pattern).replace(/\./g, '\\.').replace(/\*/g, '.*') + '$');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => re.test(f))
        .sort()
        .map((f) => join(dir, f))
    : [];
}

function listAfter(text, key) {
  const m = new RegExp('^' + key + ':\\s*\\n((?:\\s+-.*\\n?)+)', 'm').exec(text);
  return m ? [...m[1].matchAll(/-\s*['"]?([^'"\n]+)['"]?/g)].map((x) => x[1].trim()) : [];
}

function loadPrometheus(file) {
  const text = readFileSync(file, 'utf8');
  if (/\t/.test(text) || !/^scrape_configs:/m.test(text))
    throw new Error('parsing YAML file ' + file + ': invalid configuration');
  const groups = [];
  for (const pattern of listAfter(text, 'rule_files')) {
    for (const ruleFile of glob(pattern)) {
      const rules = readFileSync(ruleFile, 'utf8');
      let current = null;
      for (const line of rules.split('\n')) {
        const g = /^\s*-\s*name:\s*['"]?([\w-]+)/.exec(line);
        const r = /^\s*-\s*alert:\s*['"]?(\w+)/.exec(line);
        if (g) groups.push((current = { name: g[1], file: ruleFile, rules: [], interval: 15 }));
        else if (r && current)
          current.rules.push({ name: r[1], type: 'alerting', health: 'ok', state: 'inactive' });
      }
    }
  }
  const targets = [];
  const jobs = text.split(/\n\s*-\s*job_name:\s*/).slice(1);
  for (const job of jobs) {
    const name = /^['"]?([\w-]+)/.exec(job)[1];
    const path = (/metrics_path:\s*(\S+)/.exec(job) || [])[1] || '/metrics';
    const addresses = [...job.matchAll(/targets:\s*\[([^\]]*)\]/g)].flatMap((m) =>
      m[1].split(',').map((s) => s.trim().replace(/['"]/g, '')),
    );
    for (const pattern of [...job.matchAll(/-\s*['"]?(\/[^'"\n]+\.yml)['"]?/g)].map((m) => m[1])) {
      for (const f of glob(pattern)) {
        for (const m of readFileSync(f, 'utf8').matchAll(/^\s*-\s*['"]?([\w.:/-]+:\d+[^'"\s]*)['"]?\s*$/gm))
          addresses.push(m[1]);
      }
    }
    const replacement = (/replacement:\s*(\S+)/.exec(job) || [])[1];
    for (const address of addresses.filter(Boolean)) {
      const scrape = replacement
        ? 'http://' + replacement + path + '?target=' + encodeURIComponent(address)
        : 'http://' + address + path;
      targets.push({ job: name, instance: address, scrapeUrl: scrape });
    }
  }
  return { text, groups, targets };
}

function loadAlertmanager(file) {
  const text = readFileSync(file, 'utf8');
  if (/__SMTP_|\t/.test(text) || !/^route:/m.test(text))
    throw new Error('failed to load configuration file ' + file);
  return { text };
}

export async function observabilityStandin(kind, args) {
  const f = flags(args);
  const prefix = (f['web.route-prefix'] || '').replace(/\/$/, '');
  const [host, port] = (f['web.listen-address'] || '127.0.0.1:0').split(':');
  const load = kind === 'prometheus' ? loadPrometheus : loadAlertmanager;
  let config = load(f['config.file']);
  let reloadOk = 1;
  const reload = () => {
    try {
      config = load(f['config.file']);
      reloadOk = 1;
      return null;
    } catch (e) {
      reloadOk = 0;
      return e.message;
    }
  };
  process.on('SIGHUP', reload);
  const json = (res, body, code = 200) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404);
      res.end('404 page not found\n');
      return;
    }
    const path = url.pathname.slice(prefix.length) || '/';
    if (path === '/-/ready' || path === '/-/healthy') {
      res.end((kind === 'prometheus' ? 'Prometheus Server is Ready.' : 'OK') + ' (chom-console stand-in)\n');
      return;
    }
    if (path === '/-/reload' && req.method === 'POST') {
      const problem = reload();
      res.writeHead(problem ? 500 : 200);
      res.end(problem ? 'failed to reload config: ' + problem + '\n' : '');
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        '# chom-console stand-in ' +
          kind +
          '\n' +
          kind +
          '_config_last_reload_successful ' +
          reloadOk +
          '\n' +
          kind +
          '_build_info{version="stand-in"} 1\n',
      );
      return;
    }
    if (kind === 'prometheus' && path === '/api/v1/rules') {
      json(res, { status: 'success', data: { groups: config.groups } });
      return;
    }
    if (kind === 'prometheus' && path === '/api/v1/targets') {
      const activeTargets = await Promise.all(
        config.targets.map(async (t) => {
          let health = 'down';
          let lastError = '';
          try {
            const r = await fetch(t.scrapeUrl, { signal: AbortSignal.timeout(2000) });
            health = r.ok ? 'up' : 'down';
            if (!r.ok) lastError = 'server returned HTTP status ' + r.status;
          } catch (e) {
            lastError = String(e.message || e);
          }
          return {
            labels: { job: t.job, instance: t.instance },
            scrapePool: t.job,
            scrapeUrl: t.scrapeUrl,
            health,
            lastError,
          };
        }),
      );
      json(res, { status: 'success', data: { activeTargets, droppedTargets: [] } });
      return;
    }
    if (kind === 'prometheus' && path === '/api/v1/status/config') {
      json(res, { status: 'success', data: { yaml: config.text } });
      return;
    }
    if (kind === 'alertmanager' && path === '/api/v2/status') {
      const original = config.text.replace(/(smtp_auth_password:\s*).*/g, '$1<secret>');
      json(res, {
        cluster: { status: 'disabled', peers: [] },
        config: { original },
        versionInfo: { version: 'stand-in' },
        uptime: new Date().toISOString(),
      });
      return;
    }
    if (kind === 'alertmanager' && path === '/api/v2/alerts') {
      if (req.method === 'POST') {
        req.resume();
        res.writeHead(200);
        res.end();
      } else json(res, []);
      return;
    }
    res.writeHead(404);
    res.end('404 page not found\n');
  });
  await new Promise((resolve) => server.listen(Number(port), host, resolve));
  process.stdout.write(
    'chom-console stand-in ' + kind + ' listening on ' + host + ':' + port + prefix + '\n',
  );
  await new Promise(() => {});
}
