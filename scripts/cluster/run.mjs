// Running the cluster's command-line tools (kwokctl, kubectl, kind) with their output kept in a
// log file: kwokctl starts long-lived components, which must not inherit a pipe to this process.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/**
 * Runs `cmd args` with stdout and stderr appended to `log`. Resolves with the exit code; never
 * rejects for a non-zero exit (callers decide what failure means).
 */
export function runLogged(cmd, args, { env = process.env, log, input } = {}) {
  return new Promise((resolve, reject) => {
    const fd = openSync(log, 'a');
    const child = spawn(cmd, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', fd, fd] });
    if (input !== undefined) child.stdin.end(input);
    child.on('error', (err) => { closeSync(fd); reject(err); });
    child.on('close', (code) => { closeSync(fd); resolve(code ?? 1); });
  });
}

/** Runs `cmd args`, resolving with { code, stdout, stderr }. */
export function runCaptured(cmd, args, { env = process.env, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The last `n` lines of a log file, for error messages. */
export function tailOf(log, n = 25) {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}
