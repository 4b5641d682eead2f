set -euo pipefail
[ -f package.json ] || { echo "package.json missing: this is not the CHOM tree" >&2; exit 1; }
npm ci --no-audit --no-fund
npm run build
[ -f public/build/manifest.json ] || { echo "npm run build produced no public/build/manifest.json" >&2; exit 1; }
npm prune --omit=dev --no-audit --no-fund
