/**
 * A shell in a container, whichever it has: each candidate is started in turn, and one the
 * runtime cannot find (it ends at once, with nothing written, saying so) gives way to the next.
 */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import type { ExecEnd } from './channels';
import { startExec, type ExecOutput, type ExecRequest, type ExecSession } from './execSession';

/** Tried in this order: every image with a shell has sh; bash when sh is missing. */
export const SHELL_CANDIDATES: readonly (readonly string[])[] = [['sh'], ['bash']];

export type ShellOutcome =
  /** A candidate ran and ended so. */
  | { readonly kind: 'ran'; readonly command: readonly string[]; readonly end: ExecEnd }
  /** None of the candidates is in the container; the runtime's last words. */
  | { readonly kind: 'noShell'; readonly tried: readonly (readonly string[])[]; readonly message: string };

/**
 * Runs the first of `candidates` the container has, until it ends. `onSession` is told of each
 * session as it starts (to send it input and resizes); output reaches `output` as it arrives.
 */
export async function runFirstCommand(
  client: KubeClient,
  request: Omit<ExecRequest, 'command'>,
  candidates: readonly (readonly string[])[],
  output: ExecOutput,
  onSession: (session: ExecSession, command: readonly string[]) => void,
): Promise<Result<ShellOutcome, KubeError>> {
  let message = '';
  for (const command of candidates) {
    let wrote = false;
    const started = await startExec(client, { ...request, command }, {
      onStdout: (data) => ((wrote = true), output.onStdout(data)),
      onStderr: (data) => ((wrote = true), output.onStderr(data)),
    });
    if (!started.ok) return started;
    onSession(started.value, command);
    const ended = await started.value.ended;
    if (!ended.ok) return ended;
    const end = ended.value;
    if (end.kind === 'failed' && end.commandNotFound && !wrote) {
      message = end.message;
      continue;
    }
    return ok({ kind: 'ran', command, end });
  }
  return ok({ kind: 'noShell', tried: candidates, message });
}
