set -o pipefail
. ../lib/mask-password.sh
php artisan smtp:export --format=json --no-interaction | mask_password
