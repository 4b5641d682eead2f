set -uo pipefail
file="$OBS_ETC"/alertmanager/alertmanager.yml; password_file="$SMTP_PASSWORD_FILE"
fail() { echo "$*" >&2; exit 1; }
for key in smtp_from smtp_smarthost smtp_auth_username smtp_require_tls smtp_auth_password_file; do
  grep -Eq "^[[:space:]]+$key:" "$file" || fail "$key is missing or commented out in $file"
done
! grep -Eq '^[[:space:]]+smtp_auth_password:' "$file" || fail "an inline smtp_auth_password is present"
! grep -q '__[A-Z_]*__' "$file" || fail "template placeholders are still present"
[ -s "$password_file" ] || fail "$password_file is missing or empty"
[ "$(stat -c %a "$password_file")" = 640 ] || fail "$password_file is not mode 0640"
grep -E '^[[:space:]]+smtp_(from|smarthost|auth_username|require_tls|auth_password_file):' "$file"
