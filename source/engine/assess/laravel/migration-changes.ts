// What a Laravel migration's up() does to the database, read from its PHP (tokens, not lines): creates, adds,
// changes, drops, renames, or changes data. down() is never read: it runs only on `migrate:rollback`.
import { baseName, closing, phpTokens, type FlatToken } from './php-tokens.js';
import { sqlChanges } from './migration-sql.js';

/** What one operation does; `unknown` when up() holds something this reader cannot classify. */
export type MigrationChangeKind = 'creates' | 'adds' | 'changes' | 'drops' | 'renames' | 'data' | 'unknown';

/** One operation of up(): its kind and what it applies to (`column users.email`, `table sites`). */
export type MigrationChange = { kind: MigrationChangeKind; target: string };

/** Kinds after which the previous code may no longer run on the schema: a rollback restores the database. */
const restoreKinds: readonly MigrationChangeKind[] = ['changes', 'drops', 'renames'];

const dropMethods = new Map<string, string>([
  ['dropColumn', 'column'],
  ['dropColumns', 'column'],
  ['dropForeign', 'foreign key'],
  ['dropConstrainedForeignId', 'column and foreign key'],
  ['dropForeignIdFor', 'column'],
  ['dropConstrainedForeignIdFor', 'column and foreign key'],
  ['dropIndex', 'index'],
  ['dropUnique', 'unique index'],
  ['dropPrimary', 'primary key'],
  ['dropFullText', 'full-text index'],
  ['dropSpatialIndex', 'spatial index'],
  ['dropMorphs', 'morph columns'],
  ['dropTimestamps', 'columns created_at, updated_at'],
  ['dropTimestampsTz', 'columns created_at, updated_at'],
  ['dropSoftDeletes', 'column deleted_at'],
  ['dropSoftDeletesTz', 'column deleted_at'],
  ['dropRememberToken', 'column remember_token'],
]);
const indexMethods = new Set([
  'index',
  'unique',
  'primary',
  'foreign',
  'fullText',
  'spatialIndex',
  'rawIndex',
]);
/** Column helpers without a name argument, and the columns they add. */
const implicitColumns: Record<string, string> = {
  id: 'id',
  timestamps: 'created_at, updated_at',
  timestampsTz: 'created_at, updated_at',
  nullableTimestamps: 'created_at, updated_at',
  softDeletes: 'deleted_at',
  softDeletesTz: 'deleted_at',
  rememberToken: 'remember_token',
};
/** Query-builder and Eloquent calls that write rows, with the verb said. */
const writeVerbs: Record<string, string> = {
  insert: 'inserts rows into',
  insertOrIgnore: 'inserts rows into',
  insertGetId: 'inserts rows into',
  insertUsing: 'inserts rows into',
  upsert: 'upserts rows of',
  update: 'updates rows of',
  updateOrInsert: 'updates or inserts rows of',
  increment: 'updates rows of',
  decrement: 'updates rows of',
  delete: 'deletes rows of',
  forceDelete: 'deletes rows of',
  truncate: 'empties',
  create: 'inserts rows into',
  forceCreate: 'inserts rows into',
  updateOrCreate: 'updates or inserts rows of',
  firstOrCreate: 'inserts rows into',
};

type Call = { name: string; args: FlatToken[] };

/** `->a(...)->b(...)` from `start` (at a `->`) up to the end of the chain; returns the calls and the end. */
function chain(tokens: readonly FlatToken[], start: number): { calls: Call[]; end: number } {
  const calls: Call[] = [];
  let i = start;
  while (tokens[i]?.text === '->' && tokens[i + 1]?.kind === 'name') {
    const name = tokens[i + 1]!.text;
    if (tokens[i + 2]?.text !== '(') {
      calls.push({ name, args: [] });
      i += 2;
      continue;
    }
    const close = closing(tokens, i + 2);
    calls.push({ name, args: tokens.slice(i + 3, close) });
    i = close + 1;
  }
  return { calls, end: i };
}

/** The string literals of an argument list (top-level and in arrays): column and table names. */
const strings = (args: readonly FlatToken[]): string[] =>
  args.filter((t) => t.kind === 'string').map((t) => t.text);

const firstString = (args: readonly FlatToken[]): string | undefined =>
  args[0]?.kind === 'string' ? args[0].text : undefined;

/** One Blueprint statement inside `Schema::table('t', …)`. */
function blueprintChange(table: string, calls: Call[]): MigrationChange[] {
  const [first] = calls;
  if (!first) return [];
  const names = strings(first.args);
  const columns = names.map((n) => `${table}.${n}`).join(', ');
  const dropped = dropMethods.get(first.name);
  if (dropped !== undefined)
    return [
      {
        kind: 'drops',
        // dropSoftDeletes(), dropForeignIdFor(User::class): no name given, the table says where
        target: (columns ? `${dropped} ${columns}` : `${dropped} of ${table}`).replace(
          /^column (\S+, )/,
          'columns $1',
        ),
      },
    ];
  if (first.name === 'renameColumn')
    return [{ kind: 'renames', target: `column ${table}.${names[0] ?? '?'} to ${names[1] ?? '?'}` }];
  if (first.name === 'renameIndex')
    return [{ kind: 'renames', target: `index ${names[0] ?? '?'} of ${table} to ${names[1] ?? '?'}` }];
  if (first.name === 'rename') return [{ kind: 'renames', target: `table ${table} to ${names[0] ?? '?'}` }];
  if (first.name === 'drop' || first.name === 'dropIfExists')
    return [{ kind: 'drops', target: `table ${table}` }];
  if (indexMethods.has(first.name))
    return [{ kind: 'adds', target: `${first.name} on ${table}(${names.join(', ')})` }];
  const column = firstString(first.args) ?? implicitColumns[first.name];
  if (column === undefined) return [];
  const target = `column ${table}.${column}`;
  return [calls.some((c) => c.name === 'change') ? { kind: 'changes', target } : { kind: 'adds', target }];
}

/** The Blueprint statements of a `Schema::table` callback (tokens of its argument list). */
function blueprintChanges(table: string, args: readonly FlatToken[]): MigrationChange[] {
  const param = args.find((t) => t.kind === 'variable' && t.text !== '$this')?.text;
  const out: MigrationChange[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!;
    if (t.kind !== 'variable' || t.text !== param || args[i + 1]?.text !== '->') continue;
    const { calls, end } = chain(args, i + 1);
    out.push(...blueprintChange(table, calls));
    i = end - 1;
  }
  return out;
}

/** `Schema::method(args)`: its changes. */
function schemaCall(method: string, args: FlatToken[]): MigrationChange[] {
  const names = strings(args);
  const table = firstString(args) ?? '?';
  switch (method) {
    case 'create':
      return [{ kind: 'creates', target: `table ${table}` }];
    case 'table':
    case 'whenTableHasColumn':
    case 'whenTableDoesntHaveColumn':
      return blueprintChanges(table, args);
    case 'drop':
    case 'dropIfExists':
      return [{ kind: 'drops', target: `table ${table}` }];
    case 'dropColumns':
      return [
        {
          kind: 'drops',
          target: `columns ${names
            .slice(1)
            .map((c) => `${table}.${c}`)
            .join(', ')}`,
        },
      ];
    case 'rename':
      return [{ kind: 'renames', target: `table ${table} to ${names[1] ?? '?'}` }];
    case 'dropAllTables':
    case 'dropAllViews':
      return [{ kind: 'drops', target: method === 'dropAllTables' ? 'every table' : 'every view' }];
    default:
      return [];
  }
}

/** The SQL text of `DB::statement('…')`: its literal pieces joined, or null when not all literal. */
function literalSql(args: readonly FlatToken[]): string | null {
  const end = args.findIndex((t) => t.text === ',');
  const first = end < 0 ? args : args.slice(0, end);
  if (first.length === 0 || first.some((t) => (t.kind !== 'string' || t.interpolated) && t.text !== '.'))
    return null;
  return first
    .filter((t) => t.kind === 'string')
    .map((t) => t.text)
    .join('');
}

/** DB calls whose arguments and chain dbCall reads whole. */
const dbReads = ['statement', 'unprepared', 'insert', 'update', 'delete', 'table'];

/** `DB::method(args)->…`: raw SQL or a query builder write. */
function dbCall(method: string, args: FlatToken[], calls: Call[]): MigrationChange[] {
  if (['statement', 'unprepared', 'insert', 'update', 'delete'].includes(method)) {
    const sql = literalSql(args);
    return sql === null
      ? [{ kind: 'unknown', target: `SQL built at run time (DB::${method})` }]
      : sqlChanges(sql);
  }
  if (method !== 'table') return [];
  const write = calls.find(
    (c) => writeVerbs[c.name] !== undefined && !['create', 'forceCreate'].includes(c.name),
  );
  return write ? [{ kind: 'data', target: `${writeVerbs[write.name]} ${firstString(args) ?? '?'}` }] : [];
}

/** The tokens of up()'s body, or null when the file has no up(). */
function upBody(tokens: readonly FlatToken[]): FlatToken[] | null {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.text !== 'function' || tokens[i + 1]!.text !== 'up' || tokens[i + 2]!.text !== '(')
      continue;
    const open = tokens.findIndex((t, k) => k > closing(tokens, i + 2) && t.text === '{');
    return open < 0 ? null : tokens.slice(open + 1, closing(tokens, open));
  }
  return null;
}

/** Every operation of the migration's up(), in order; `unknown` when there is no up() or nothing is recognised. */
export function migrationChanges(source: string): MigrationChange[] {
  const body = upBody(phpTokens(source));
  if (body === null) return [{ kind: 'unknown', target: 'no up() method found' }];
  const out: MigrationChange[] = [];
  for (let i = 0; i < body.length; i++) {
    const t = body[i]!;
    if (t.kind !== 'name' || body[i + 1]?.text !== '::' || body[i + 2]?.kind !== 'name') continue;
    const facade = baseName(t.text);
    let at = i + 2;
    // Schema::connection('x')->create(…), DB::connection('x')->table(…)
    if (body[at]!.text === 'connection' && body[at + 1]?.text === '(') {
      const close = closing(body, at + 1);
      if (body[close + 1]?.text !== '->') continue;
      at = close + 2;
    }
    const method = body[at]?.text ?? '';
    if (body[at + 1]?.text !== '(') continue;
    const close = closing(body, at + 1);
    const args = body.slice(at + 2, close);
    const rest = chain(body, close + 1);
    if (facade === 'Schema') out.push(...schemaCall(method, args));
    else if (facade === 'DB') out.push(...dbCall(method, args, rest.calls));
    else if (facade === 'Artisan' && method === 'call')
      out.push({ kind: 'data', target: `runs artisan ${firstString(args) ?? '?'}` });
    else if (
      writeVerbs[method] !== undefined &&
      /^[A-Z]/.test(facade) &&
      !['self', 'static', 'parent'].includes(facade)
    )
      out.push({ kind: 'data', target: `${writeVerbs[method]} the ${facade} model's table` });
    else {
      const write = rest.calls.find(
        (c) => writeVerbs[c.name] !== undefined && !['create', 'forceCreate'].includes(c.name),
      );
      if (write && /^[A-Z]/.test(facade))
        out.push({ kind: 'data', target: `${writeVerbs[write.name]} the ${facade} model's table` });
    }
    // a call whose arguments were read whole is skipped; any other (DB::transaction(fn …)) is read inside
    if (facade === 'Schema' && ['create', 'table'].includes(method)) i = close;
    else if (facade === 'DB' && dbReads.includes(method)) i = rest.end - 1;
    else i = at;
  }
  return out.length > 0
    ? out
    : [{ kind: 'unknown', target: 'no schema or data operation recognised in up()' }];
}

/** Whether rolling the code back needs the database restored: true, false, or null when a change is unknown. */
export function needsRestore(changes: readonly MigrationChange[]): boolean | null {
  if (changes.some((c) => restoreKinds.includes(c.kind))) return true;
  return changes.some((c) => c.kind === 'unknown') ? null : false;
}
