// Runtime (plain JavaScript): `psql` and `pg_dump` over the JSON database. psql understands the SELECTs the
// runbook's checks and probes use (SELECT 1, count(*), column lists with WHERE key LIKE/=, ORDER BY, LIMIT,
// to_regclass, EXISTS over information_schema.tables); anything else is an error naming the statement.
import { loadDb } from './db.js';
import { readUnit, status } from './units.js';

const columns = {
  migrations: ['id', 'migration', 'batch'],
  system_settings: ['id', 'key', 'value', 'type', 'description', 'created_at', 'updated_at'],
};

function table(db, name) {
  const rows = db[name];
  if (!Array.isArray(rows)) throw new Error('ERROR:  relation "' + name + '" does not exist');
  return rows;
}

function likeToRegex(pattern) {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp('^' + escaped + '$', 's');
}

function where(rows, clause) {
  if (!clause) return rows;
  const parts = clause.split(/\s+and\s+/i);
  return rows.filter((row) =>
    parts.every((part) => {
      const m =
        /^\s*"?(\w+)"?\s*(=|<>|!=|like|ilike|not like)\s*'((?:[^']|'')*)'\s*$/i.exec(part) ||
        /^\s*"?(\w+)"?\s*(=|<>|!=|>|<|>=|<=)\s*(\d+)\s*$/i.exec(part);
      if (!m) throw new Error('ERROR:  the sandbox psql does not understand the condition: ' + part.trim());
      const value = row[m[1]] === null || row[m[1]] === undefined ? '' : String(row[m[1]]);
      const want = m[3].replace(/''/g, "'");
      switch (m[2].toLowerCase()) {
        case '=':
          return value === want;
        case '<>':
        case '!=':
          return value !== want;
        case 'like':
          return likeToRegex(want).test(value);
        case 'ilike':
          return new RegExp(likeToRegex(want).source, 'is').test(value);
        case 'not like':
          return !likeToRegex(want).test(value);
        case '>':
          return Number(value) > Number(want);
        case '<':
          return Number(value) < Number(want);
        case '>=':
          return Number(value) >= Number(want);
        default:
          return Number(value) <= Number(want);
      }
    }),
  );
}

/** Runs one statement: { fields, rows } (rows are arrays of strings or null). */
export function query(db, sql) {
  const text = sql.trim().replace(/;$/, '').trim();
  let m;
  if (/^select\s+1$/i.test(text)) return { fields: ['?column?'], rows: [['1']] };
  if (/^select\s+version\(\)$/i.test(text))
    return {
      fields: ['version'],
      rows: [['PostgreSQL 15.10 (Debian 15.10-0+deb12u1) on x86_64-pc-linux-gnu (chom-console sandbox)']],
    };
  if ((m = /^select\s+to_regclass\(\s*'(?:public\.)?(\w+)'\s*\)(?:::text)?$/i.exec(text))) {
    return { fields: ['to_regclass'], rows: [[Array.isArray(db[m[1]]) ? m[1] : null]] };
  }
  if (
    (m =
      /^select\s+exists\s*\(\s*select\s+.*from\s+information_schema\.tables\s+where\s+(?:.*\s+and\s+)?table_name\s*=\s*'(\w+)'.*\)(?:\s+as\s+\w+)?$/is.exec(
        text,
      ))
  ) {
    return { fields: ['exists'], rows: [[Array.isArray(db[m[1]]) ? 't' : 'f']] };
  }
  m =
    /^select\s+(.+?)\s+from\s+(?:public\.)?"?(\w+)"?(?:\s+where\s+(.+?))?(?:\s+order\s+by\s+(\w+)(?:\s+(asc|desc))?)?(?:\s+limit\s+(\d+))?$/is.exec(
      text,
    );
  if (!m) throw new Error('ERROR:  the sandbox psql does not understand: ' + text);
  const [, list, name, clause, orderBy, direction, limit] = m;
  if (!columns[name]) throw new Error('ERROR:  relation "' + name + '" does not exist');
  let rows = where(table(db, name), clause);
  const wanted = list.trim();
  if ((m = /^count\(\s*(\*|\w+)\s*\)(?:\s+as\s+(\w+))?$/i.exec(wanted)))
    return { fields: [m[2] || 'count'], rows: [[String(rows.length)]] };
  if ((m = /^max\(\s*(\w+)\s*\)(?:\s+as\s+(\w+))?$/i.exec(wanted))) {
    const values = rows.map((r) => Number(r[m[1]])).filter((v) => !Number.isNaN(v));
    return { fields: [m[2] || 'max'], rows: [[values.length ? String(Math.max(...values)) : null]] };
  }
  const fields = wanted === '*' ? columns[name] : wanted.split(',').map((f) => f.trim().replace(/"/g, ''));
  for (const field of fields)
    if (!columns[name].includes(field)) throw new Error('ERROR:  column "' + field + '" does not exist');
  if (orderBy) {
    rows = [...rows].sort((a, b) => {
      const x = a[orderBy];
      const y = b[orderBy];
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return direction && direction.toLowerCase() === 'desc' ? -cmp : cmp;
    });
  }
  if (limit) rows = rows.slice(0, Number(limit));
  return {
    fields,
    rows: rows.map((row) =>
      fields.map((f) => (row[f] === null || row[f] === undefined ? null : String(row[f]))),
    ),
  };
}

function aligned(result, tuplesOnly) {
  const widths = result.fields.map((f, i) =>
    Math.max(f.length, ...result.rows.map((r) => (r[i] ?? '').length)),
  );
  const numeric = result.fields.map(
    (_f, i) => result.rows.length > 0 && result.rows.every((r) => r[i] !== null && /^-?\d+$/.test(r[i])),
  );
  const cell = (value, i) =>
    numeric[i] ? (value ?? '').padStart(widths[i]) : (value ?? '').padEnd(widths[i]);
  const lines = [];
  if (!tuplesOnly) {
    lines.push(
      result.fields
        .map((f, i) => {
          const pad = widths[i] - f.length;
          return ' '.repeat(Math.floor(pad / 2)) + f + ' '.repeat(pad - Math.floor(pad / 2));
        })
        .map((s) => ' ' + s + ' ')
        .join('|')
        .replace(/\s+$/, ''),
    );
    lines.push(widths.map((w) => '-'.repeat(w + 2)).join('+'));
  }
  for (const row of result.rows)
    lines.push(
      row
        .map((v, i) => ' ' + cell(v, i) + ' ')
        .join('|')
        .replace(/\s+$/, ''),
    );
  if (!tuplesOnly) lines.push('(' + result.rows.length + (result.rows.length === 1 ? ' row)' : ' rows)'), '');
  return lines.join('\n');
}

function connect(ctx) {
  const unit = readUnit(ctx.root, 'postgresql');
  if (unit && status(ctx.root, unit).state !== 'active') {
    throw new Error(
      'psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
    );
  }
  return loadDb(ctx.root);
}

export function psql(args, ctx) {
  const sql = [];
  let tuples = false;
  let unaligned = false;
  let separator = '|';
  let database = 'chom';
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    if (a === '--tuples-only') tuples = true;
    else if (a === '--no-align') unaligned = true;
    else if (a.startsWith('--command=')) sql.push(a.slice(10));
    else if (a === '--command') sql.push(args[++i]);
    else if (a.startsWith('--dbname=')) database = a.slice(9);
    else if (a.startsWith('--field-separator=')) separator = a.slice(18);
    else if (/^--/.test(a)) continue;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const flag of a.slice(1)) {
        if (flag === 't') tuples = true;
        else if (flag === 'A') unaligned = true;
        else if (flag === 'c') sql.push(args[++i]);
        else if (flag === 'd') database = args[++i];
        else if (flag === 'F') separator = args[++i];
        else if ('UhpvfP'.includes(flag)) i += 1;
      }
    } else if (/^-[a-zA-Z].+/.test(a)) {
      const flag = a[1];
      const value = a.slice(2);
      if (flag === 'c') sql.push(value);
      else if (flag === 'd') database = value;
      else if (flag === 'F') separator = value;
    } else database = a.includes('://') ? a.replace(/^.*\//, '').replace(/\?.*$/, '') : a;
  }
  try {
    const db = connect(ctx);
    if (database !== 'chom')
      throw new Error(
        'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "' +
          database +
          '" does not exist',
      );
    const statements = (sql.length ? sql.join(';') : ctx.readStdin())
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements) {
      const result = query(db, statement);
      if (unaligned) {
        if (!tuples) ctx.stdout(result.fields.join(separator));
        for (const row of result.rows) ctx.stdout(row.map((v) => v ?? '').join(separator));
        if (!tuples) ctx.stdout('(' + result.rows.length + (result.rows.length === 1 ? ' row)' : ' rows)'));
      } else ctx.write(aligned(result, tuples) + '\n');
    }
    return 0;
  } catch (e) {
    ctx.stderr(e.message);
    return e.message.startsWith('psql: error') ? 2 : 1;
  }
}

function copyValue(value) {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/** Plain-format SQL of the database, deterministic (no timestamps). */
export function pgDump(args, ctx) {
  let clean = false;
  let file = '';
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--clean' || args[i] === '-c') clean = true;
    else if (args[i] === '-f') file = args[++i];
    else if (args[i].startsWith('--file=')) file = args[i].slice(7);
  }
  let db;
  try {
    db = connect(ctx);
  } catch (e) {
    ctx.stderr(e.message.replace(/^psql/, 'pg_dump'));
    return 1;
  }
  const out = [
    '--',
    '-- PostgreSQL database dump (chom-console sandbox)',
    '--',
    '',
    "SET client_encoding = 'UTF8';",
    '',
  ];
  const tables = Object.keys(columns).filter((name) => Array.isArray(db[name]));
  if (clean) for (const name of tables) out.push('DROP TABLE IF EXISTS public.' + name + ';');
  for (const name of tables) {
    out.push(
      '',
      'CREATE TABLE public.' + name + ' (',
      columns[name].map((c) => '    ' + c + (c === 'id' || c === 'batch' ? ' integer' : ' text')).join(',\n'),
      ');',
      '',
    );
    out.push('COPY public.' + name + ' (' + columns[name].join(', ') + ') FROM stdin;');
    for (const row of db[name]) out.push(columns[name].map((c) => copyValue(row[c])).join('\t'));
    out.push('\\.', '');
  }
  out.push('--', '-- PostgreSQL database dump complete', '--', '');
  const text = out.join('\n');
  if (file) ctx.writeFile(file, text);
  else ctx.write(text);
  return 0;
}
