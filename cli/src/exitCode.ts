import type { CommandIo } from './commands/validate';
import { UsageError } from './usageError';

/**
 * Runs one command and turns what it throws into an exit code: a usage error (or a flag that
 * parseArgs refused) is 2 with the message, anything else an internal error, 3. Each bundle of
 * the CLI runs its commands through its own copy, so `instanceof` meets the class that threw.
 */
export async function exitCodeOf(run: () => number | Promise<number>, io: CommandIo): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`berth: ${(error as Error).message}\nRun 'berth --help' for usage.\n`);
      return 2;
    }
    io.stderr(`berth: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
