/**
 * Every error opsbridge raises on purpose carries a stable `code` (safe to match on, safe to show)
 * and keeps the underlying error as `cause`, like Bolt's CodedError and discord.js's DiscordAPIError.
 */
export class OpsError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsError';
    this.code = code;
  }
}

export function isOpsError(err: unknown, code?: string): err is OpsError {
  return err instanceof OpsError && (code === undefined || err.code === code);
}

/** A short message for any thrown value, for logs and replies. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
