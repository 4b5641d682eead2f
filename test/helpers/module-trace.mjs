// `node --import ./test/helpers/module-trace.mjs …`: records the modules a process resolves (see the hooks).
import { register } from 'node:module';

register(new URL('./module-trace-hooks.mjs', import.meta.url));
