// Module hooks for record-modules.mjs: report each resolved ESM URL to the main thread.
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  // OPSBRIDGE_MODULE_PARENTS=1 also records who imported it (for profiling by hand).
  port.postMessage(process.env.OPSBRIDGE_MODULE_PARENTS ? `${result.url} <- ${context.parentURL}` : result.url);
  return result;
}
