// What a raw SQL statement in a migration (DB::statement, DB::unprepared) does to the schema, by its leading
// keywords: enough to tell adding from changing, dropping or renaming.
import type { MigrationChange } from './migration-changes.js';

const name = String.raw`["\x60]?([\w.]+)["\x60]?`;

/** One statement's change; `unknown` when its shape is not one of the known ones. */
function statementChanges(sql: string): MigrationChange[] {
  const full = sql.replace(/\s+/g, ' ').trim();
  const s = full.length > 90 ? `${full.slice(0, 87)}...` : full;
  const upper = full.toUpperCase();
  const alter = new RegExp(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${name} (.*)$`, 'i').exec(full);
  if (alter) {
    const table = alter[1]!;
    const clauses = alter[2]!.toUpperCase();
    const out: MigrationChange[] = [];
    if (/\bRENAME\b/.test(clauses)) out.push({ kind: 'renames', target: `table ${table} (SQL: ${s})` });
    if (/\bDROP\b/.test(clauses)) out.push({ kind: 'drops', target: `in table ${table} (SQL: ${s})` });
    if (/\b(ALTER|MODIFY|CHANGE)\b/.test(clauses))
      out.push({ kind: 'changes', target: `table ${table} (SQL: ${s})` });
    if (out.length === 0 && /\bADD\b/.test(clauses))
      out.push({ kind: 'adds', target: `to table ${table} (SQL: ${s})` });
    return out.length > 0 ? out : [{ kind: 'unknown', target: `SQL: ${s}` }];
  }
  const object =
    /^(?:CREATE|DROP)\s+(?:OR REPLACE\s+)?(?:UNIQUE\s+)?(\w+)/i.exec(full)?.[1]?.toLowerCase() ?? '';
  if (upper.startsWith('CREATE ')) return [{ kind: 'creates', target: `${object} (SQL: ${s})` }];
  if (upper.startsWith('DROP ')) return [{ kind: 'drops', target: `${object} (SQL: ${s})` }];
  if (/^RENAME TABLE /.test(upper)) return [{ kind: 'renames', target: `a table (SQL: ${s})` }];
  const data = /^(INSERT|UPDATE|DELETE|TRUNCATE|MERGE|COPY)\b/.exec(upper)?.[1];
  if (data) return [{ kind: 'data', target: `rows (SQL: ${s})` }];
  return [{ kind: 'unknown', target: `SQL: ${s}` }];
}

/** Every statement of a SQL text (comments removed, split on `;`). */
export function sqlChanges(sql: string): MigrationChange[] {
  const text = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .flatMap(statementChanges);
}
