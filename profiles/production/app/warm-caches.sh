set -euo pipefail
php artisan livewire:publish --assets --no-interaction
php artisan storage:link --no-interaction
php artisan config:cache --no-interaction
php artisan route:cache --no-interaction
php artisan view:cache --no-interaction
composer dump-autoload --optimize --no-dev --no-interaction
