# app_db ENV_FILE COMMAND ARGS...: runs psql or pg_dump against the database named in the app's .env (the
# same connection deploy-application.sh uses), handing the password over in a private 0600 PGPASSFILE:
# never on argv (visible in ps) and never in PGPASSWORD (inherited by every child).
app_db() {
  local env_file=$1; shift
  [ -r "$env_file" ] || { echo "app_db: cannot read $env_file (the shared .env)" >&2; return 1; }
  local line key value pass_file status=0
  local DB_HOST='' DB_PORT='' DB_DATABASE='' DB_USERNAME='' DB_PASSWORD=''
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in DB_HOST=*|DB_PORT=*|DB_DATABASE=*|DB_USERNAME=*|DB_PASSWORD=*) ;; *) continue ;; esac
    key=${line%%=*}; value=${line#*=}; value=${value%$'\r'}
    case "$value" in \"*\") value=${value#\"}; value=${value%\"} ;; \'*\') value=${value#\'}; value=${value%\'} ;; esac
    printf -v "$key" '%s' "$value"
  done < "$env_file"
  pass_file=$(mktemp) || return 1
  chmod 600 "$pass_file"
  pgpass_field() { printf '%s' "$1" | sed 's/[\\:]/\\&/g'; }
  printf '%s:%s:%s:%s:%s\n' "$(pgpass_field "${DB_HOST:-127.0.0.1}")" "$(pgpass_field "${DB_PORT:-5432}")" \
    "$(pgpass_field "${DB_DATABASE:-chom}")" "$(pgpass_field "${DB_USERNAME:-chom}")" "$(pgpass_field "$DB_PASSWORD")" > "$pass_file"
  PGPASSFILE=$pass_file "$@" -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_USERNAME:-chom}" -d "${DB_DATABASE:-chom}" || status=$?
  rm -f -- "$pass_file"
  return $status
}
