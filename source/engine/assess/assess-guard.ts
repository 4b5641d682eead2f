// Fail closed, second line: a probe's script (as it will be sent) is screened for anything that writes,
// restarts, kills, migrates or sends data. The schema already forbids non-GET probes; this catches a probe
// whose shell text would change a host. Deliberately strict: a false alarm costs a profile edit, a miss costs
// a production change during what was promised to be a read-only look.

/** Why one line of a probe script is refused. */
export type GuardHit = { line: string; reason: string };

const rules: { pattern: RegExp; reason: string }[] = [
  {
    pattern:
      /(^|[;&|({`]|\bxargs|\bsudo(\s+-\S+)*|\s)(rm|rmdir|mv|cp|ln|mkdir|touch|truncate|dd|tee|install|chmod|chown|chgrp|shred|rsync|scp|unlink)\s/,
    reason: 'changes files',
  },
  { pattern: /\b(sed|perl)\s+(-\w+\s+)*(-i|--in-place)/, reason: 'edits a file in place' },
  {
    pattern:
      /\bsystemctl\s+(-\S+\s+)*(start|stop|restart|reload|try-restart|reload-or-restart|kill|enable|disable|mask|unmask|daemon-reload|set-property|edit|isolate|reset-failed)\b/,
    reason: 'changes a service',
  },
  { pattern: /\bservice\s+\S+\s+(start|stop|restart|reload)\b/, reason: 'changes a service' },
  { pattern: /(^|[;&|(\s])(kill|pkill|killall|reboot|shutdown|poweroff|halt)\b/, reason: 'stops processes' },
  {
    pattern:
      /\bartisan\s+(?!(list|migrate:status|--version|about|route:list|schedule:list|queue:failed)\b)[\w:-]/,
    reason: 'runs an artisan command not known to be read-only',
  },
  {
    pattern:
      /\bgit\s+(-C\s+\S+\s+)?(commit|push|pull|fetch|checkout|switch|reset|merge|rebase|clone|init|add|rm|mv|stash|tag|clean|apply|am|gc|config\s+(?!--get))/,
    reason: 'changes a git repository',
  },
  {
    pattern: /\bsupervisorctl\s+(start|stop|restart|reload|update|add|remove|signal)\b/,
    reason: 'changes workers',
  },
  {
    // only curl's own arguments: up to the next pipe, list operator or closing parenthesis
    pattern:
      /\bcurl\b[^|;&)]*\s(-X\s*(POST|PUT|DELETE|PATCH)|--request\s+(POST|PUT|DELETE|PATCH)|-d\b|--data|-F\b|--form|-T\b|--upload-file|-O\b|--remote-name|-o\s+(?!\/dev\/null\b))/,
    reason: 'sends data or writes a file with curl',
  },
  { pattern: /\bwget\b(?!.*\s-q?O-)/, reason: 'downloads to a file' },
  {
    pattern:
      /\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|DROP\s+(TABLE|DATABASE|INDEX|SCHEMA)|CREATE\s+(TABLE|INDEX|DATABASE)|ALTER\s+TABLE|TRUNCATE\s+\w|GRANT\s|REVOKE\s)/i,
    reason: 'changes the database',
  },
  { pattern: /\bredis-cli\b.*\s(FLUSH\w*|SET|DEL|CONFIG\s+SET|SHUTDOWN)\b/i, reason: 'changes Redis' },
  {
    pattern:
      /\b(apt(-get)?|dpkg|yum|dnf|npm|composer|pip3?)\s+(install|remove|purge|update|upgrade|ci|require)\b/,
    reason: 'installs or removes software',
  },
  { pattern: /\bfind\b.*\s-(delete|exec|execdir|ok|fprint\w*)\b/, reason: 'changes files with find' },
];

/** `>`/`>>` to anything but /dev/null or another descriptor. */
const redirect = /(?<![<>&=-])\d*>>?\s*(?![&\s]|\/dev\/null\b)(\S+)/;
const processSubstitutionOut = />\(/;

/** Variables holding a `mktemp` file: the one write a probe may make (a 0600 password file it removes). */
function tempVariables(script: string): Set<string> {
  return new Set([...script.matchAll(/(\w+)=\$\(mktemp\b/g)].map((m) => m[1]!));
}

/**
 * The script with the text of single-quoted strings removed (newlines kept, so lines still line up): a `>`
 * inside an awk program or a grep pattern is not a redirection. Single quotes inside double quotes are literal.
 */
export function withoutSingleQuoted(script: string): string {
  let out = '';
  let state: 'plain' | 'single' | 'double' = 'plain';
  for (let i = 0; i < script.length; i += 1) {
    const c = script[i]!;
    if (state === 'single') {
      if (c === "'") state = 'plain';
      if (c === '\n') out += c;
      if (c === "'") out += c;
      continue;
    }
    out += c;
    if (c === '\\') {
      out += script[i + 1] ?? '';
      i += 1;
    } else if (c === "'" && state === 'plain') state = 'single';
    else if (c === '"') state = state === 'double' ? 'plain' : 'double';
  }
  return out;
}

/** Every line of the script that could change the host; empty when it is read-only. */
export function guardProbeScript(script: string): GuardHit[] {
  const temps = tempVariables(script);
  const bare = withoutSingleQuoted(script).split('\n');
  const hits: GuardHit[] = [];
  script.split('\n').forEach((raw, index) => {
    const line = raw.replace(/^\s*#.*$/, '').trim();
    if (line === '') return;
    if ([...temps].some((name) => new RegExp(`\\$\\{?${name}\\b`).test(line))) return;
    const rule = rules.find((r) => r.pattern.test(line));
    const unquoted = (bare[index] ?? '').replace(/^\s*#.*$/, '');
    if (rule) hits.push({ line, reason: rule.reason });
    else if (redirect.test(unquoted) || processSubstitutionOut.test(unquoted))
      hits.push({ line, reason: 'writes a file (redirection)' });
  });
  return hits;
}
