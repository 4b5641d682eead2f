// Makes the built bin executable; tsc keeps the shebang but not the mode.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
