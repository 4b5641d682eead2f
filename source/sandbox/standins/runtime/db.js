// Runtime of the sandbox world, copied verbatim into <world>/lib as plain JavaScript (see standin-files.ts):
// it must stay free of TypeScript syntax. The JSON "PostgreSQL" of landsraad, the app key, the SMTP settings.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function dbFile(root) {
  return join(root, 'var/lib/postgresql/chom.json');
}

/** Reads the database; throws an Error whose message reads like PostgreSQL's when it cannot. */
export function loadDb(root) {
  const file = dbFile(root);
  if (!existsSync(file)) throw new Error('FATAL:  database "chom" does not exist');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error('FATAL:  database files are corrupt (' + file + ')', { cause: error });
  }
}

export function saveDb(root, db) {
  const file = dbFile(root);
  writeFileSync(file + '.tmp', JSON.stringify(db, null, 2) + '\n');
  renameSync(file + '.tmp', file);
}

export function readEnvFile(file) {
  const values = {};
  if (!existsSync(file)) return values;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return values;
}

export function appKey(root) {
  const env = readEnvFile(join(root, 'var/www/chom/shared/.env'));
  const key = env.APP_KEY || '';
  const raw = Buffer.from(key.replace(/^base64:/, ''), 'base64');
  if (raw.length !== 32) throw new Error('No application encryption key has been specified.');
  return raw;
}

export function encrypt(value, key) {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const body = Buffer.concat([cipher.update(String(value), 'utf8'), cipher.final()]);
  return 'enc:' + Buffer.concat([iv, body]).toString('base64');
}

export function decrypt(value, key) {
  if (typeof value !== 'string' || !value.startsWith('enc:')) throw new Error('The payload is invalid.');
  const raw = Buffer.from(value.slice(4), 'base64');
  if (raw.length < 32) throw new Error('The payload is invalid.');
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
    return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new Error('The MAC is invalid.', { cause: error });
  }
}

/** The 8 rows 2026_01_09_083804_create_system_settings_table seeds (chom-world.md). */
export const seededMailRows = [
  ['mail.mailer', 'smtp', 'string', 'Mail driver'],
  ['mail.host', '', 'string', 'SMTP host'],
  ['mail.port', '587', 'integer', 'SMTP port'],
  ['mail.username', '', 'string', 'SMTP username'],
  ['mail.password', '', 'encrypted', 'SMTP password'],
  ['mail.encryption', 'tls', 'string', 'SMTP encryption (tls, ssl, none)'],
  ['mail.from_address', '', 'string', 'From address'],
  ['mail.from_name', 'CHOM', 'string', 'From name'],
];

export const missingTable =
  'SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "system_settings" does not exist';

export function settingsTable(db) {
  if (!Array.isArray(db.system_settings)) throw new Error(missingTable);
  return db.system_settings;
}

/** SystemSetting::get: the last row of a key wins (a duplicate created with create() shadows the seeded one). */
export function getSetting(db, key, root) {
  const rows = settingsTable(db).filter((row) => row.key === key);
  const row = rows[rows.length - 1];
  if (!row) return null;
  if (row.type === 'encrypted')
    return row.value === '' || row.value === null ? '' : decrypt(row.value, appKey(root));
  if (row.type === 'integer')
    return row.value === '' || row.value === null ? null : Number.parseInt(row.value, 10);
  if (row.type === 'boolean') return row.value === '1' || row.value === 'true';
  return row.value;
}

const stamp = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

/** SystemSetting::set: updates the row of that key (or inserts it); encrypts `encrypted` values. */
export function setSetting(db, root, key, value, type, description) {
  const table = settingsTable(db);
  const kind = type || 'string';
  let stored = value === null || value === undefined ? '' : value;
  if (kind === 'encrypted') stored = encrypt(String(stored), appKey(root));
  else if (kind === 'boolean') stored = stored === true || stored === '1' || stored === 'true' ? '1' : '0';
  else stored = String(stored);
  const row = table.find((r) => r.key === key);
  if (row) {
    row.value = stored;
    row.type = kind;
    if (description !== undefined && description !== null) row.description = String(description);
    row.updated_at = stamp();
  } else {
    table.push(newRow(table, key, stored, kind, description));
  }
}

/** SystemSetting::create: always a new row, value stored as given (no encryption). */
export function createSetting(db, attributes) {
  const table = settingsTable(db);
  const value = attributes.value === undefined || attributes.value === null ? '' : String(attributes.value);
  table.push(
    newRow(table, String(attributes.key), value, attributes.type || 'string', attributes.description),
  );
}

function newRow(table, key, value, type, description) {
  const id = table.reduce((max, r) => Math.max(max, r.id || 0), 0) + 1;
  const now = stamp();
  return {
    id,
    key,
    value,
    type,
    description: description === undefined ? null : description,
    created_at: now,
    updated_at: now,
  };
}

/** What the SMTP API and smtp:export return; throws on any failure (the API answers 500). */
export function smtpConfig(db, root) {
  const get = (name) => getSetting(db, 'mail.' + name, root);
  return {
    mailer: get('mailer') || 'smtp',
    host: get('host') || '',
    port: get('port') === null ? 587 : Number(get('port')),
    username: get('username') || '',
    password: get('password') || '',
    encryption: get('encryption') || 'tls',
    from_address: get('from_address') || '',
    from_name: get('from_name') || '',
  };
}

/** `/smtp-config/shell`: values NOT escaped (faithful to the app). */
export function smtpShell(config) {
  return (
    [
      'MAIL_MAILER="' + config.mailer + '"',
      'MAIL_HOST="' + config.host + '"',
      'MAIL_PORT="' + config.port + '"',
      'MAIL_USERNAME="' + config.username + '"',
      'MAIL_PASSWORD="' + config.password + '"',
      'MAIL_ENCRYPTION="' + config.encryption + '"',
      'MAIL_FROM_ADDRESS="' + config.from_address + '"',
      'MAIL_FROM_NAME="' + config.from_name + '"',
    ].join('\n') + '\n'
  );
}

/** `/smtp-config/yaml`: single quotes not escaped, `1` for true (faithfully broken). */
export function smtpYaml(config) {
  const requireTls = config.encryption === 'tls' ? '1' : '';
  return (
    [
      'global:',
      "  smtp_from: '" + config.from_address + "'",
      "  smtp_smarthost: '" + config.host + ':' + config.port + "'",
      "  smtp_auth_username: '" + config.username + "'",
      "  smtp_auth_password: '" + config.password + "'",
      '  smtp_require_tls: ' + requireTls,
    ].join('\n') + '\n'
  );
}
