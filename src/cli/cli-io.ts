/** What a subcommand reads and writes, passed in so tests run it in-process. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const processIo = (): CliIo => ({
  env: process.env,
  cwd: process.cwd(),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});

/** node:util parseArgs with its message kept, or undefined and the message for a usage error. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
): { values: ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>>['values'] } | { problem: string } {
  try {
    return { values: parseArgs({ args, options, strict: true, allowPositionals: false }).values };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
