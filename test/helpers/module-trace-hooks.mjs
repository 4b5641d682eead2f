// Module resolve hooks (registered by module-trace.mjs): append every resolved module URL to the file named by
// CHOM_MODULE_TRACE, so a test can see which packages a command loaded.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const file = process.env.CHOM_MODULE_TRACE;
  if (file) appendFileSync(file, `${result.url}\n`);
  return result;
}
