import { execFile } from 'node:child_process';

export interface ToolRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Rendering is bounded: a chart that prints more than this, or runs longer, is refused. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
export const TIMEOUT_MS = 60_000;

/**
 * Runs a tool to completion and collects its output. The arguments go to the program directly
 * (no shell), so a path or value read from a file can never become a command.
 */
export function runTool(command: string, args: readonly string[], options: { cwd?: string; env?: Readonly<Record<string, string>>; signal?: AbortSignal } = {}): Promise<ToolRun | { readonly error: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        ...(options.cwd ? { cwd: options.cwd } : {}),
        env: { ...process.env, ...options.env },
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: TIMEOUT_MS,
        encoding: 'utf8',
        windowsHide: true,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ exitCode: 0, stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve({ error: `${command} was not found` });
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ error: `${command} printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB` });
        if (error.name === 'AbortError') return resolve({ error: 'cancelled' });
        if ((error as { killed?: boolean }).killed) return resolve({ error: `${command} did not finish within ${TIMEOUT_MS / 1000} s` });
        resolve({ exitCode: typeof error.code === 'number' ? error.code : 1, stdout, stderr });
      },
    );
  });
}
