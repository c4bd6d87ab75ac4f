/**
 * The exec channel protocol (`v5.channel.k8s.io`, `v4.channel.k8s.io`): every WebSocket message
 * starts with one channel byte: 0 stdin, 1 stdout, 2 stderr, 3 error (the command's end as a
 * metav1.Status), 4 resize (terminal size as JSON); v5 adds 255, "close this channel" (the
 * client's end of stdin). Pure: frames in, frames out.
 */

/** Offered best first; the server picks the newest it speaks. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** Whether the chosen protocol can close stdin alone (v5); older ones only close the whole socket. */
export function canCloseStdin(protocol: string): boolean {
  return protocol === 'v5.channel.k8s.io';
}

/** One message for `channel`: the channel byte, then the data. */
export function channelFrame(channel: number, data: Uint8Array | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const frame = Buffer.allocUnsafe(body.length + 1);
  frame[0] = channel;
  frame.set(body, 1);
  return frame;
}

/** The terminal size message (kubelet reads Width and Height, in cells). */
export function resizeFrame(cols: number, rows: number): Buffer {
  const clamp = (n: number) => Math.max(1, Math.min(65_535, Math.floor(Number.isFinite(n) ? n : 1)));
  return channelFrame(CHANNEL.resize, JSON.stringify({ Width: clamp(cols), Height: clamp(rows) }));
}

/** v5's "no more data on this channel" (sent for stdin). */
export function closeFrame(channel: number): Buffer {
  return Buffer.from([CHANNEL.close, channel]);
}

export type ExecMessage =
  | { readonly kind: 'stdout' | 'stderr' | 'error'; readonly data: Buffer }
  | { readonly kind: 'closed'; readonly channel: number }
  | { readonly kind: 'ignored' };

/** What one message from the server carries. */
export function readExecMessage(message: Buffer): ExecMessage {
  if (message.length === 0) return { kind: 'ignored' };
  const data = message.subarray(1);
  switch (message[0]) {
    case CHANNEL.stdout:
      return { kind: 'stdout', data };
    case CHANNEL.stderr:
      return { kind: 'stderr', data };
    case CHANNEL.error:
      return { kind: 'error', data };
    case CHANNEL.close:
      return data.length > 0 ? { kind: 'closed', channel: data[0]! } : { kind: 'ignored' };
    default:
      return { kind: 'ignored' };
  }
}

/** How a command run through exec ended. */
export type ExecEnd =
  /** It ran and exited with this status. */
  | { readonly kind: 'exited'; readonly code: number }
  /** The runtime could not run it (no such program, container not running...): the server's reason. */
  | { readonly kind: 'failed'; readonly message: string; readonly commandNotFound: boolean }
  /** The stream ended without a status (closed by this side, or by a server that sends none). */
  | { readonly kind: 'closed' };

/** The runtime's words for a program that is not in the container. */
const COMMAND_NOT_FOUND = /executable file not found|no such file or directory|command not found|not found in \$PATH/i;

/** Longest status text read: a Status is a few hundred bytes; more is not one. */
const MAX_STATUS_TEXT = 64 * 1024;

interface StatusCause {
  readonly reason?: unknown;
  readonly type?: unknown;
  readonly message?: unknown;
}

/**
 * The end a Status on the error channel reports: Success is exit 0; NonZeroExitCode carries the
 * code as a cause. Some runtimes (kwok's local exec among them) report a failed command only in
 * the message ("... exit status 3"): the code is read from there. Anything else is a failure to
 * run, with the server's message.
 */
export function execEndFromStatus(text: string): ExecEnd {
  const trimmed = text.slice(0, MAX_STATUS_TEXT).trim();
  let status: { status?: unknown; reason?: unknown; message?: unknown; details?: { causes?: StatusCause[] } } | undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    status = typeof parsed === 'object' && parsed !== null ? (parsed as typeof status) : undefined;
  } catch {
    status = undefined;
  }
  if (status?.status === 'Success') return { kind: 'exited', code: 0 };
  const message = typeof status?.message === 'string' ? status.message : trimmed;
  if (status?.reason === 'NonZeroExitCode') {
    const cause = (Array.isArray(status.details?.causes) ? status.details.causes : []).find((c) => c?.reason === 'ExitCode' || c?.type === 'ExitCode');
    const code = typeof cause?.message === 'string' && /^\d{1,3}$/.test(cause.message) ? Number(cause.message) : undefined;
    if (code !== undefined) return { kind: 'exited', code };
  }
  const inText = /\bexit (?:status|code) (\d{1,3})\b/.exec(message);
  if (inText) return { kind: 'exited', code: Number(inText[1]) };
  if (COMMAND_NOT_FOUND.test(message)) return { kind: 'failed', message, commandNotFound: true };
  return { kind: 'failed', message: message || 'the command could not be run', commandNotFound: false };
}
