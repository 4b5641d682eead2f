// The pending-migrations finding reads each migration's up(): fixtures in the shapes real Laravel apps write
// (anonymous and named classes, several operations, down() that must be ignored, "drop" in comments, raw SQL).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationChanges, needsRestore } from '../../source/engine/assess/laravel/migration-changes.js';
import { sqlChanges } from '../../source/engine/assess/laravel/migration-sql.js';

const dir = resolve('test/fixtures/migrations');
const read = (name: string): string => readFileSync(join(dir, `${name}.php`), 'utf8');
const said = (name: string): string[] => migrationChanges(read(name)).map((c) => `${c.kind} ${c.target}`);

/** Every fixture: what up() does, and whether a rollback of the code needs the database restored. */
const expected: Record<string, { changes: string[]; restore: boolean | null }> = {
  '2024_01_15_100000_create_invoices_table': { changes: ['creates table invoices'], restore: false },
  '2024_02_01_090000_add_billing_fields_to_tenants_table': {
    changes: [
      'adds column tenants.billing_email',
      'adds column tenants.trial_ends_at',
      'adds index on tenants(billing_email)',
    ],
    restore: false,
  },
  '2023_06_12_140000_drop_legacy_columns_from_users': {
    changes: ['drops foreign key users.company_id', 'drops columns users.company_id, users.legacy_role'],
    restore: true,
  },
  '2024_03_04_120000_rename_name_to_full_name_on_customers': {
    changes: ['renames column customers.name to full_name'],
    restore: true,
  },
  '2024_04_10_080000_change_sites_domain_length': { changes: ['changes column sites.domain'], restore: true },
  '2024_05_20_110000_rename_audit_logs_to_activity_log': {
    changes: ['renames table audit_logs to activity_log'],
    restore: true,
  },
  '2024_06_01_000000_seed_default_plans': {
    changes: ['data inserts rows into plans', 'data updates rows of tenants'],
    restore: false,
  },
  '2024_07_15_093000_add_status_check_to_orders': {
    changes: [
      'adds to table orders (SQL: ALTER TABLE orders ADD COLUMN status_code smallint NOT NULL DEFAULT 0)',
      'creates index (SQL: CREATE INDEX orders_status_code_index ON orders (status_code))',
    ],
    restore: false,
  },
  '2024_08_02_150000_convert_settings_value_to_jsonb': {
    changes: [
      'changes table settings (SQL: ALTER TABLE settings ALTER COLUMN value TYPE jsonb USING value::jsonb)',
    ],
    restore: true,
  },
  '2024_09_09_101010_replace_sessions_table': {
    changes: ['drops table sessions', 'creates table sessions'],
    restore: true,
  },
  '2024_10_01_120000_backfill_and_drop_old_flag': {
    changes: [
      "data updates rows of the Site model's table",
      'drops index sites.sites_is_active_index',
      'drops column sites.is_active',
    ],
    restore: true,
  },
  '2024_11_11_111111_tune_search': {
    changes: [
      'unknown SQL built at run time (DB::statement)',
      'unknown SQL built at run time (DB::unprepared)',
    ],
    restore: null,
  },
  '2023_01_20_000000_add_team_columns_with_connection': {
    changes: [
      'adds column teams.settings',
      'adds column team_user.role',
      'renames index team_user_team_id_user_id_index of team_user to team_user_pair_index',
    ],
    restore: true,
  },
};

describe('migration changes (up() only)', () => {
  for (const [name, want] of Object.entries(expected))
    it(`${name}: ${want.changes.length} operation(s), restore ${String(want.restore)}`, () => {
      expect(said(name)).toEqual(want.changes);
      expect(needsRestore(migrationChanges(read(name)))).toBe(want.restore);
    });

  it('ignores down(), comments and strings that mention drop', () => {
    const source = [
      '<?php',
      'return new class extends Migration {',
      "    // Schema::drop('users'); was the old way",
      '    public function up(): void',
      '    {',
      "        # $table->dropColumn('x');",
      "        Schema::create('drop_requests', function (Blueprint $table) {",
      "            $table->string('reason')->comment('why the user asked to drop the account');",
      '        });',
      '    }',
      "    public function down(): void { Schema::drop('drop_requests'); }",
      '};',
    ].join('\n');
    expect(migrationChanges(source)).toEqual([{ kind: 'creates', target: 'table drop_requests' }]);
    expect(needsRestore(migrationChanges(source))).toBe(false);
  });

  it('names the table where a drop gives no column name (dropSoftDeletes, dropForeignIdFor)', () => {
    const source = [
      '<?php',
      'return new class extends Migration {',
      '    public function up(): void',
      '    {',
      "        Schema::table('posts', function (Blueprint $table) {",
      '            $table->dropForeignIdFor(User::class);',
      '            $table->dropSoftDeletes();',
      '        });',
      '    }',
      '};',
    ].join('\n');
    expect(migrationChanges(source)).toEqual([
      { kind: 'drops', target: 'column of posts' },
      { kind: 'drops', target: 'column deleted_at of posts' },
    ]);
  });

  it('says so when there is no up() or nothing it knows', () => {
    expect(migrationChanges('<?php\n// empty\n')).toEqual([
      { kind: 'unknown', target: 'no up() method found' },
    ]);
    expect(migrationChanges('<?php class A { public function up() { $this->doIt(); } }')[0]!.kind).toBe(
      'unknown',
    );
  });

  it('classifies raw SQL by its statements', () => {
    expect(
      sqlChanges('ALTER TABLE users RENAME COLUMN a TO b; UPDATE users SET b = 1').map((c) => c.kind),
    ).toEqual(['renames', 'data']);
    expect(sqlChanges('DROP TABLE IF EXISTS old_logs -- gone').map((c) => c.kind)).toEqual(['drops']);
    expect(sqlChanges('RENAME TABLE a TO b').map((c) => c.kind)).toEqual(['renames']);
    expect(sqlChanges('VACUUM ANALYZE users').map((c) => c.kind)).toEqual(['unknown']);
  });
});
