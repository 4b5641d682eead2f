set -euo pipefail
. ../lib/mask-password.sh
want_host="$SMTP_HOST"; want_port="$SMTP_PORT"; want_user="$SMTP_USERNAME"
json=$(php artisan smtp:export --format=json --no-interaction)
printf '%s\n' "$json" | mask_password
# shellcheck disable=SC2016 # $c is PHP, expanded by php -r, not by bash
fields=$(printf '%s' "$json" | php -r '$c = json_decode(stream_get_contents(STDIN), true); echo $c["host"] . "\n" . $c["port"] . "\n" . $c["username"] . "\n" . "set=" . (bool)$c["password"] . "\n";')
{ IFS= read -r host; IFS= read -r port; IFS= read -r user; IFS= read -r password_set; } <<<"$fields"
fail() { echo "round trip failed: $*" >&2; exit 1; }
[ "$host" = "$want_host" ] || fail "host reads back as '$host'"
[ "$port" = "$want_port" ] || fail "port reads back as '$port'"
[ "$user" = "$want_user" ] || fail "username reads back as '$user'"
[ "$password_set" = "set=1" ] || fail "the password reads back empty"
echo "round trip ok: host, port and username match; password is set"
