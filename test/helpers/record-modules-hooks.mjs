// Module hooks for record-modules.mjs: report each resolved ESM URL to the main thread.
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(process.env.RECORD_PARENTS ? `${result.url} <- ${context.parentURL}` : result.url);
  return result;
}
