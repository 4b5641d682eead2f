set -euo pipefail
etc="$OBS_ETC"
snapshots="$OBS_SNAPSHOTS"
run="$RUN_ID"
password_file="$SMTP_PASSWORD_FILE"
snap="$snapshots/$(date -u +%Y%m%d_%H%M%S)-$run"
umask 077
mkdir -p -- "$snap/alertmanager" "$snap/prometheus/rules"
cp -p -- "$etc/alertmanager/alertmanager.yml" "$snap/alertmanager/"
cp -p -- "$etc/prometheus/prometheus.yml" "$snap/prometheus/"
for f in "$etc"/prometheus/rules/*.yml; do
  if [ -e "$f" ]; then cp -p -- "$f" "$snap/prometheus/rules/"; fi
done
# a password file exists only after an earlier console deploy; keep it so a rollback is complete,
# readable by root only (the rollback reinstalls it 0640 for Alertmanager)
if [ -e "$password_file" ]; then
  install -m 0600 -o root -g root -- "$password_file" "$snap/alertmanager/${password_file##*/}"
fi
(cd "$snap" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum) > "$snap/SHA256SUMS"
ln -sfn -- "$snap" "$snapshots/latest.tmp" && mv -Tf -- "$snapshots/latest.tmp" "$snapshots/latest"
echo "snapshot=$snap"
cat -- "$snap/SHA256SUMS"
# rollback needs the last deploys' snapshots only: older ones (and the old passwords in them) go
shopt -s nullglob; export LC_ALL=C
kept=(); for dir in "$snapshots"/[0-9]*_[0-9]*-*/; do kept+=("${dir%/}"); done
keep="$KEEP_RELEASES"
drop=$(( ${#kept[@]} - keep ))
for dir in "${kept[@]}"; do
  [ "$drop" -gt 0 ] || break
  [ "$dir" = "$snap" ] || { rm -rf -- "$dir"; echo "removed the old snapshot ${dir##*/}"; }
  drop=$((drop - 1))
done
