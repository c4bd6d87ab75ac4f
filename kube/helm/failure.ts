/** A failed helm run as a KubeError: helm's own last words, with a kind callers can act on. */
import { kubeError, type KubeError, type KubeErrorKind, type KubeOperation } from '../errors';
import type { HelmOutput } from './runHelm';

const SHOWN_LINES = 5;

function kindOf(message: string): KubeErrorKind {
  if (/release: not found|not found/i.test(message)) return 'notFound';
  if (/cluster unreachable|connection refused|no such host|i\/o timeout/i.test(message)) return 'unreachable';
  if (/\bforbidden\b/i.test(message)) return 'forbidden';
  if (/\bunauthorized\b|must be logged in/i.test(message)) return 'unauthorized';
  if (/context was canceled|context canceled/i.test(message)) return 'cancelled';
  return 'tool';
}

export function helmFailure(output: HelmOutput, what: string, operation: KubeOperation): KubeError {
  // helm's warnings (group-readable kubeconfig, deprecated APIs) come before the error.
  const lines = output.stderr.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => l.startsWith('Error:'));
  const shown = (errors.length > 0 ? errors : lines).slice(-SHOWN_LINES);
  const said = shown.join('\n') || `exit ${output.exitCode}, nothing on stderr`;
  return kubeError(kindOf(said), `helm failed to ${what}: ${said}`, { operation, detail: said });
}
