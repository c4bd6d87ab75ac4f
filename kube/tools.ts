/**
 * Running external tools (kwokctl, kind): a runner that streams their output line by line and
 * honours an AbortSignal, injected so tests can record the command lines instead. The real runner
 * starts nothing while programs are not allowed (a restricted workspace, see programs.ts).
 */
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../platform/result';
import { kubeError, type KubeError } from './errors';
import { programsAllowed } from './programs';

export interface ToolCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ToolOutput {
  readonly exitCode: number;
  /** The last lines of output, for error messages. */
  readonly tail: readonly string[];
}

export type ToolRunner = (command: ToolCommand, onLine: (line: string) => void, signal?: AbortSignal) => Promise<Result<ToolOutput, KubeError>>;

const TAIL = 20;

/** Runs tools as child processes. A missing executable is a `tool` error naming it. */
export const spawnRunner: ToolRunner = (command, onLine, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(err(kubeError('cancelled', `Cancelled before running ${command.command}.`)));
    if (!programsAllowed()) {
      return resolve(err(kubeError('restricted', `${command.command} was not run: Berth runs no programs in a restricted workspace; trust the workspace to run it.`)));
    }
    const tail: string[] = [];
    const child = spawn(command.command, [...command.args], {
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    const lines = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        let i: number;
        while ((i = buffered.search(/\r?\n|\r/)) >= 0) {
          const line = buffered.slice(0, i);
          buffered = buffered.slice(i + (buffered.startsWith('\r\n', i) ? 2 : 1));
          if (!line.trim()) continue;
          tail.push(line);
          if (tail.length > TAIL) tail.shift();
          onLine(line);
        }
      });
      stream.on('end', () => {
        if (buffered.trim()) {
          tail.push(buffered);
          onLine(buffered);
        }
      });
    };
    lines(child.stdout!);
    lines(child.stderr!);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return resolve(err(kubeError('cancelled', `Cancelled: ${command.command} ${command.args.slice(0, 2).join(' ')}.`)));
      resolve(
        err(
          kubeError(
            'tool',
            error.code === 'ENOENT'
              ? `${command.command} was not found. Install it or put it on PATH.`
              : `${command.command} could not be started: ${error.message}`,
          ),
        ),
      );
    });
    child.on('close', (code) => resolve(ok({ exitCode: code ?? 1, tail })));
  });

/** Runs a tool and turns a non-zero exit into a `tool` error quoting its last lines. */
export async function runTool(runner: ToolRunner, command: ToolCommand, what: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<Result<void, KubeError>> {
  const r = await runner(command, onLine, signal);
  if (!r.ok) return r;
  if (r.value.exitCode !== 0) {
    return err(kubeError('tool', `${command.command} failed to ${what} (exit ${r.value.exitCode}):\n${r.value.tail.map((l) => `  ${l}`).join('\n')}`));
  }
  return ok(undefined);
}
