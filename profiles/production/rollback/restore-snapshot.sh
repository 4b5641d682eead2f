set -euo pipefail
etc="$OBS_ETC"; bin="$OBS_BIN"; snapshots="$OBS_SNAPSHOTS"; password_file="$SMTP_PASSWORD_FILE"
# rollback_snapshot: the snapshot chosen with --to or in the picker; empty = the one `latest` points at
choice="$ROLLBACK_SNAPSHOT"
case "$choice" in
  ''|latest) link="$snapshots/latest" ;;
  */*|.*) echo "not a snapshot name: $choice (a directory name under $snapshots)" >&2; exit 2 ;;
  *) link="$snapshots/$choice" ;;
esac
{ snap=$(readlink -f -- "$link") && [ -d "$snap" ]; } || { echo "no snapshot at $link" >&2; exit 1; }
[ -f "$snap/SHA256SUMS" ] || { echo "$snap is incomplete (no SHA256SUMS)" >&2; exit 1; }
(cd "$snap" && sha256sum --quiet -c SHA256SUMS)
echo "restoring from $snap"
"$bin/amtool" check-config "$snap/alertmanager/alertmanager.yml"
for f in "$snap"/prometheus/rules/*.yml; do
  if [ -e "$f" ]; then "$bin/promtool" check rules "$f"; fi
done
aside="$snap/rolled-back-$(date -u +%Y%m%d_%H%M%S)"
mkdir -p -- "$aside/rules"
put() {  # byte-exact copy with the snapshot's owner and mode, renamed into place
  cp -p -- "$1" "$2.restore-tmp" && mv -f -- "$2.restore-tmp" "$2"
}
for f in "$etc"/prometheus/rules/*.yml; do
  [ -e "$f" ] || continue
  [ -e "$snap/prometheus/rules/${f##*/}" ] || { mv -- "$f" "$aside/rules/"; echo "moved aside ${f##*/}"; }
done
for f in "$snap"/prometheus/rules/*.yml "$snap"/retired-rules/*.yml; do
  if [ -e "$f" ]; then put "$f" "$etc/prometheus/rules/${f##*/}"; fi
done
put "$snap/prometheus/prometheus.yml" "$etc/prometheus/prometheus.yml"
put "$snap/alertmanager/alertmanager.yml" "$etc/alertmanager/alertmanager.yml"
# the snapshot's copy of the password is root-only: reinstalled as Alertmanager reads it (0640). A
# password the snapshot does not hold is removed, not moved aside: no rollback needs it.
if [ -e "$snap/alertmanager/${password_file##*/}" ]; then
  install -m 0640 -o observability -- "$snap/alertmanager/${password_file##*/}" "$password_file.restore-tmp"
  mv -f -- "$password_file.restore-tmp" "$password_file"
  echo "restored the SMTP password file of the snapshot"
elif [ -e "$password_file" ]; then
  rm -f -- "$password_file"; echo "removed the SMTP password file (not in the snapshot)"
fi
"$bin/promtool" check config "$etc/prometheus/prometheus.yml"
echo "restored; now reloading"
