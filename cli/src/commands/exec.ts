import { parseArgs } from 'node:util';
import { formatKubeError, kubeError, parsePodSource, pickReadyPod, podsOf, startExec, TerminalOutputFilter, type ExecEnd, type ForwardPod, type KubeClient, type KubeError, type PodSource } from '../../../kube';
import { err, ok, type Result } from '../../../platform/result';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const EXEC_USAGE = `Usage: berth exec <pod | pod/name | <workload kind>/name> [-c container] [-i] [-t] [--context C] [--namespace N] -- <command> [args...]

Runs a command in a container through the exec subresource (a WebSocket, v5.channel.k8s.io, or
v4 on older servers), as kubectl exec does. For a workload (deployment, statefulset, daemonset,
replicaset, job), the command runs in its first ready pod.
  -c, --container C  the container (default: the pod's default container)
  -i, --stdin        pass this terminal's stdin to the command
  -t, --tty          run the command in a terminal (with -i: an interactive shell; the window's
                     size follows this one's)
The command's stdout and stderr are passed through; written to a terminal, sequences that reach
beyond the screen (window titles, hyperlinks, clipboard writes) are dropped.
Exit status: the command's own; 127 when the container has no such command; 1 when the cluster
refused or failed; 2 usage error.`;

/** The process's terminal, as exec needs it: raw bytes out, stdin, the window size. */
export interface ExecTerminal {
  /** Whether stdout is a terminal (then output is filtered for it). */
  readonly stdoutIsTty: boolean;
  readonly stdinIsTty: boolean;
  writeStdout(data: Buffer | string): void;
  writeStderr(data: Buffer | string): void;
  /** Starts reading stdin; returns the function that stops. */
  readStdin(onData: (data: Buffer) => void, onEnd: () => void): () => void;
  /** Puts a terminal stdin into raw mode (keys go to the command, Ctrl-C included); returns the undo. */
  rawMode(): () => void;
  size(): { cols: number; rows: number } | undefined;
  /** Calls `listener` on each window resize; returns the unsubscribe. */
  onResize(listener: () => void): () => void;
}

/** The real process's terminal. */
export function processTerminal(): ExecTerminal {
  return {
    stdoutIsTty: process.stdout.isTTY === true,
    stdinIsTty: process.stdin.isTTY === true,
    writeStdout: (data) => void process.stdout.write(data),
    writeStderr: (data) => void process.stderr.write(data),
    readStdin: (onData, onEnd) => {
      process.stdin.on('data', onData);
      process.stdin.once('end', onEnd);
      process.stdin.resume();
      return () => {
        process.stdin.off('data', onData);
        process.stdin.off('end', onEnd);
        process.stdin.pause();
      };
    },
    rawMode: () => {
      if (!process.stdin.isTTY) return () => undefined;
      process.stdin.setRawMode(true);
      return () => process.stdin.setRawMode(false);
    },
    size: () => (process.stdout.isTTY ? { cols: process.stdout.columns, rows: process.stdout.rows } : undefined),
    onResize: (listener) => {
      process.stdout.on('resize', listener);
      return () => process.stdout.off('resize', listener);
    },
  };
}

/** The pod a command runs in: the named pod, or a workload's first ready pod. */
export async function execPod(client: KubeClient, source: PodSource, signal: AbortSignal): Promise<Result<string, KubeError>> {
  if (source.kind === 'Pod') return ok(source.name);
  const found = await podsOf(client, source, { signal });
  if (!found.ok) return found;
  const pod = pickReadyPod(found.value.pods as ForwardPod[]);
  if (!pod?.metadata.name) return err(kubeError('notFound', `${source.kind} "${source.name}" has no ready pod in namespace "${client.namespace}" to run the command in.`));
  return ok(pod.metadata.name);
}

/** What `berth exec` says and returns for the command's end. */
export function exitStatusOf(end: ExecEnd, pod: string, command: readonly string[], io: CommandIo): number {
  switch (end.kind) {
    case 'exited':
      return end.code;
    case 'closed':
      return 0;
    case 'failed':
      if (end.commandNotFound) {
        io.stderr(`berth: pod ${pod} has no command "${command[0]}": ${end.message}\n`);
        return 127;
      }
      io.stderr(`berth: pod ${pod}: ${end.message}\n`);
      return 1;
  }
}

export async function runExec(argv: readonly string[], io: CommandIo, terminal: ExecTerminal = processTerminal()): Promise<number> {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const command = dashes < 0 ? [] : argv.slice(dashes + 1);
  const { values, positionals } = parseArgs({
    args: [...own],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, container: { type: 'string', short: 'c' }, stdin: { type: 'boolean', short: 'i' }, tty: { type: 'boolean', short: 't' } },
  });
  if (values.help) {
    io.stdout(EXEC_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth exec needs exactly one pod or workload before --, e.g. berth exec web-1 -- ls');
  if (command.length === 0 || command[0] === '') throw new UsageError('berth exec needs a command after --, e.g. berth exec web-1 -- ls /');
  const source = parsePodSource(positionals[0]!);
  if (!source.ok) throw new UsageError(source.error.message);
  const tty = values.tty ?? false;
  const stdin = values.stdin ?? false;

  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  const cleanups: (() => void)[] = [];
  try {
    const pod = await execPod(client, source.value, interrupt.signal);
    if (!pod.ok) {
      io.stderr(`berth: ${formatKubeError(pod.error)}\n`);
      return 1;
    }
    // Written to a terminal, the container's output is filtered for it; to a pipe or file, passed as it is.
    const out = terminal.stdoutIsTty ? new TerminalOutputFilter() : undefined;
    const errOut = terminal.stdoutIsTty ? new TerminalOutputFilter() : undefined;
    const started = await startExec(
      client,
      {
        pod: pod.value,
        command,
        ...(values.container !== undefined ? { container: values.container } : {}),
        stdin,
        tty,
        ...(tty && terminal.size() ? { size: terminal.size()! } : {}),
        signal: interrupt.signal,
      },
      {
        onStdout: (data) => terminal.writeStdout(out ? out.push(data) : data),
        onStderr: (data) => terminal.writeStderr(errOut ? errOut.push(data) : data),
      },
    );
    if (!started.ok) {
      io.stderr(`berth: ${formatKubeError(started.error)}\n`);
      return 1;
    }
    const session = started.value;
    if (stdin) {
      if (tty && terminal.stdinIsTty) cleanups.push(terminal.rawMode());
      cleanups.push(terminal.readStdin((data) => session.write(data), () => session.endInput()));
    }
    if (tty) cleanups.push(terminal.onResize(() => {
      const size = terminal.size();
      if (size) session.resize(size.cols, size.rows);
    }));
    const ended = await session.ended;
    if (out) terminal.writeStdout(out.end());
    if (errOut) terminal.writeStderr(errOut.end());
    if (!ended.ok) {
      io.stderr(`berth: ${formatKubeError(ended.error)}\n`);
      return 1;
    }
    if (interrupt.signal.aborted && ended.value.kind === 'closed') return 130;
    return exitStatusOf(ended.value, pod.value, command, io);
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
    interrupt.dispose();
  }
}
