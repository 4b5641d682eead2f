// The psql call the runbook's database probe makes (migrations, the settings table, its mail.* rows): the
// stand-in tests ask it of every psql answerer.
export const runbookPsqlQuery = [
  '-X',
  '-t',
  '-A',
  '-F',
  '|',
  '-c',
  'SELECT migration, batch FROM migrations ORDER BY id',
  '-c',
  "SELECT to_regclass('public.system_settings')",
  '-c',
  "SELECT key, type, value FROM system_settings WHERE key LIKE 'mail.%' ORDER BY key",
  '-h',
  '127.0.0.1',
  '-d',
  'chom',
];
