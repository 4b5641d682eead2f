set -euo pipefail
php=$(tr '\n' ' ' <<'PHP'
$host = rtrim(fgets(STDIN), "\n");
$port = rtrim(fgets(STDIN), "\n");
$username = rtrim(fgets(STDIN), "\n");
$encryption = rtrim(fgets(STDIN), "\n");
$from_address = rtrim(fgets(STDIN), "\n");
$from_name = rtrim(fgets(STDIN), "\n");
$password = stream_get_contents(STDIN);
App\Models\SystemSetting::set('mail.mailer', 'smtp', 'string', 'Mail driver');
App\Models\SystemSetting::set('mail.host', $host, 'string', 'SMTP host');
App\Models\SystemSetting::set('mail.port', $port, 'integer', 'SMTP port');
App\Models\SystemSetting::set('mail.username', $username, 'string', 'SMTP username');
App\Models\SystemSetting::set('mail.password', $password, 'encrypted', 'SMTP password');
App\Models\SystemSetting::set('mail.encryption', $encryption, 'string', 'SMTP encryption (tls, ssl, none)');
App\Models\SystemSetting::set('mail.from_address', $from_address, 'string', 'From address');
App\Models\SystemSetting::set('mail.from_name', $from_name, 'string', 'From name');
echo 'stored 8 mail.* settings' . PHP_EOL;
PHP
)
php artisan tinker --no-interaction --execute="$php"
