import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InterpolationError, interpolate, previewTemplate } from '../../source/profile/interpolate.js';
import type { NameCatalog } from '../../source/profile/name-catalog.js';
import { emptyScope } from '../../source/profile/scope.js';

const dir = mkdtempSync(join(tmpdir(), 'interpolate-'));
const canary = join(dir, 'injected');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostile = [
  "it's",
  '"double"',
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `a & touch ${canary}`,
  `a | touch ${canary}`,
  `a; touch ${canary}`,
  `line\ntouch ${canary}`,
  "'; touch " + canary + "; '",
  '${HOME} $PATH %s \\n \\',
  'é 日本 🎉',
  '*',
  '',
  ' leading and trailing ',
];

function bash(command: string): Buffer {
  const run = spawnSync('bash', ['-c', command]);
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('interpolate in command context', () => {
  it.each(hostile.map((value) => [JSON.stringify(value), value]))(
    'delivers %s byte-identical, injecting nothing',
    (_, value) => {
      const command = interpolate('printf %s {{v}}', emptyScope({ runtimeVars: { v: value } }), 'command');
      expect(bash(command).equals(Buffer.from(value, 'utf8'))).toBe(true);
      expect(existsSync(canary)).toBe(false);
    },
  );

  it('quotes a var after expanding the vars it references, as one word', () => {
    const scope = emptyScope({ vars: { base: "/srv/it's $(x)", shared: '{{base}}/shared' } });
    const command = interpolate("printf '<%s>' {{shared}}", scope, 'command');
    expect(bash(command).toString()).toBe("</srv/it's $(x)/shared>");
  });

  it('inserts `| raw` values unquoted (explicit opt-in)', () => {
    const scope = emptyScope({ vars: { flags: '-la --color=never' } });
    expect(interpolate('ls {{flags | raw}} {{ flags }}', scope, 'command')).toBe(
      "ls -la --color=never '-la --color=never'",
    );
  });

  it('looks names up in order: runtime vars, vars, forms, facts, built-ins', () => {
    const scope = emptyScope({
      runtimeVars: { world: '/w' },
      vars: { world: 'shadowed', base: '{{world}}/base' },
      forms: { smtp: { host: 'relay' } },
      facts: { api: { data: { host: 'h', port: 25 } }, raw_json: '{"a":{"b":"c"}}' },
      builtins: { run_id: 'r1' },
    });
    const text = interpolate(
      '{{base}} {{smtp.host}} {{api.data.host}}:{{api.data.port}} {{raw_json.a.b}} {{run_id}}',
      scope,
      'plain',
    );
    expect(text).toBe('/w/base relay h:25 c r1');
  });
});

describe('secrets', () => {
  const scope = emptyScope({
    forms: { smtp: { password: "pa'ss" } },
    facts: { api: { data: { password: 'p', host: 'h' } } },
    secrets: ['smtp.password', 'api.data.password'],
  });

  it('go to stdin raw', () => {
    expect(interpolate('{{smtp.password}}\n', scope, 'stdin')).toBe("pa'ss\n");
  });

  it.each([
    ['echo {{smtp.password}}', 'command'],
    ['echo {{smtp.password | raw}}', 'command'],
    ['https://x/?p={{smtp.password}}', 'plain'],
    ['echo {{api.data.password}}', 'command'],
    ['echo {{api.data}}', 'command'],
    ['echo {{api}}', 'command'],
  ] as const)('never reach %s (%s), even at run time', (template, context) => {
    expect(() => interpolate(template, scope, context)).toThrow(/secret "[a-z.]+" cannot be interpolated/);
  });

  it('leave the non-secret parts of a fact usable', () => {
    expect(interpolate('echo {{api.data.host}}', scope, 'command')).toBe("echo 'h'");
  });
});

describe('errors', () => {
  it('names the unknown reference', () => {
    const error = (() => {
      try {
        interpolate('echo {{nope}}', emptyScope(), 'command');
      } catch (caught) {
        return caught as InterpolationError;
      }
    })();
    expect(error).toBeInstanceOf(InterpolationError);
    expect(error?.reference).toBe('{{nope}}');
    expect(error?.message).toContain('no runtime var, var, form field, fact or built-in is named "nope"');
  });

  it('stops var cycles', () => {
    expect(() => interpolate('{{a}}', emptyScope({ vars: { a: '{{b}}', b: '{{a}}' } }), 'plain')).toThrow(
      'var cycle: a → b → a',
    );
  });

  it('leaves Go templates alone', () => {
    expect(interpolate('{{ .CommonLabels.alertname }}', emptyScope(), 'plain')).toBe(
      '{{ .CommonLabels.alertname }}',
    );
  });
});

describe('previewTemplate', () => {
  const catalog: NameCatalog = {
    runtimeVars: new Set(['world']),
    vars: new Set(['base']),
    forms: new Map([['smtp', new Set(['host', 'password'])]]),
    facts: new Set(['api']),
    builtins: new Set(['release_path']),
    secrets: new Set(['smtp.password']),
  };
  const scope = emptyScope({ vars: { base: '{{world}}/srv' }, secrets: ['smtp.password'] });

  it('labels unknown values and hides secrets', () => {
    const text = previewTemplate(
      'cd {{base}} && x {{smtp.host}} {{api.data.host}} {{release_path}}',
      scope,
      'command',
      catalog,
    );
    expect(text).toBe(
      "cd '‹runtime:world›/srv' && x ‹form:smtp.host› ‹fact:api.data.host› ‹builtin:release_path›",
    );
    const withSecret = emptyScope({ forms: { smtp: { password: 'hunter2' } }, secrets: ['smtp.password'] });
    expect(previewTemplate('{{smtp.password}}', withSecret, 'stdin', catalog)).toBe('‹secret:smtp.password›');
  });
});
