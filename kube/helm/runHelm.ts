/**
 * Running helm as a child process. Unlike kube/tools.ts's line runner, stdout and stderr stay
 * apart: stdout is helm's JSON answer, stderr its warnings and errors. Like it, nothing starts
 * while programs are not allowed (a restricted workspace, see ../programs.ts).
 */
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../platform/result';
import { kubeError, type KubeError } from '../errors';
import { programsAllowed } from '../programs';

export interface HelmInvocation {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface HelmOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type HelmRunner = (invocation: HelmInvocation, signal?: AbortSignal) => Promise<Result<HelmOutput, KubeError>>;

/** A release's manifest is the largest answer; anything past this is not helm talking to us. */
const MAX_STDOUT = 64 * 1024 * 1024;
/** Only the end of stderr is ever shown. */
const MAX_STDERR = 64 * 1024;

export const spawnHelm: HelmRunner = (invocation, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(err(kubeError('cancelled', 'Cancelled before running helm.')));
    if (!programsAllowed()) {
      return resolve(err(kubeError('restricted', 'helm was not run: Berth runs no programs in a restricted workspace; trust the workspace to run it.')));
    }
    const child = spawn(invocation.command, [...invocation.args], {
      env: { ...process.env, ...invocation.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    let overflow = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length + chunk.length > MAX_STDOUT) {
        overflow = true;
        child.kill();
        return;
      }
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STDERR);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return resolve(err(kubeError('cancelled', `Cancelled: helm ${invocation.args[0] ?? ''}.`)));
      resolve(err(kubeError('tool', error.code === 'ENOENT' ? `helm was not found at ${invocation.command}.` : `helm could not be started: ${error.message}`)));
    });
    child.on('close', (code) => {
      if (overflow) return resolve(err(kubeError('tool', `helm ${invocation.args[0] ?? ''} printed more than ${MAX_STDOUT / 1024 / 1024} MiB; stopped reading.`)));
      resolve(ok({ exitCode: code ?? 1, stdout, stderr }));
    });
  });
