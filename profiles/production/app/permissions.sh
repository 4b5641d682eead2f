set -euo pipefail
release="$RELEASE_PATH"; shared="$APP_BASE"/shared; owner="$APP_OWNER"; group="$APP_GROUP"
sudo -n chown -R "$owner:$group" -- "$release"
find "$release" -type d -exec chmod 755 {} +
find "$release" -type f -exec chmod 644 {} +
chmod 755 -- "$release/artisan"
if [ -d "$release/vendor/bin" ]; then find -L "$release/vendor/bin" -maxdepth 1 -type f -exec chmod 755 {} +; fi
sudo -n find "$shared/storage" -type d -exec chmod 775 {} +
sudo -n find "$shared/storage" -type f -exec chmod 664 {} +
ls -ld -- "$release" "$release/artisan"
