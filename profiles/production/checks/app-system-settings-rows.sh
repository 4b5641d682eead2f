. ../lib/app-db.sh
app_db "$APP_BASE"/shared/.env psql -X -t -A -c "SELECT count(*) FROM system_settings WHERE key LIKE 'mail.%'"
