import { parseArgs } from 'node:util';
import { formatKubeError, parseForwardTarget, parsePortSpec, startPortForward, type ForwardEvent, type PortForward, type PortSpec } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const PORT_FORWARD_USAGE = `Usage: berth port-forward <pod | svc/name | <workload kind>/name> [local:]remote... [--context C] [--namespace N]

Forwards local ports on 127.0.0.1 to a pod until Ctrl-C, as kubectl port-forward does, printing
"Forwarding from 127.0.0.1:<local> -> <remote>" for each. remote is a port number or a port
name; local defaults to the remote number, and 0 (or leaving it empty, ":80") picks a free port.
For a Service (svc/web) remote is one of its ports, and connections go to its targetPort (by
number or by name) on one of its ready pods; for a workload, to one of its ready pods. When that
pod goes away, the next connection goes to another ready pod, and a line says so.
Exit status: 0 stopped with Ctrl-C, 1 the cluster refused or the pod went away, 2 usage error.`;

/** One line for what happened to a forward. */
export function forwardEventLine(forward: { localPort: number }, event: ForwardEvent): { stream: 'stdout' | 'stderr'; text: string } | undefined {
  switch (event.kind) {
    case 'connection':
      return { stream: 'stdout', text: `Handling connection for ${forward.localPort}` };
    case 'pod':
      return event.previous ? { stream: 'stdout', text: `Pod ${event.previous} went away: forwarding ${forward.localPort} to pod ${event.pod} port ${event.port} now` } : undefined;
    case 'noReadyPod':
      return { stream: 'stderr', text: `No ready pod${event.previous ? ` since ${event.previous} went away` : ''}: connections to ${forward.localPort} are refused until one is ready` };
    case 'connectionFailed':
      return { stream: 'stderr', text: event.message };
  }
}

export async function runPortForward(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS } });
  if (values.help) {
    io.stdout(PORT_FORWARD_USAGE + '\n');
    return 0;
  }
  if (positionals.length < 2) throw new UsageError('berth port-forward needs a target and at least one port, e.g. berth port-forward svc/web 8080:80');
  const target = parseForwardTarget(positionals[0]!);
  if (!target.ok) throw new UsageError(target.error.message);
  const specs: PortSpec[] = positionals.slice(1).map((text) => {
    const spec = parsePortSpec(text);
    if (!spec.ok) throw new UsageError(spec.error);
    return spec.value;
  });

  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  const forwards: PortForward[] = [];
  try {
    for (const spec of specs) {
      const holder: { localPort: number } = { localPort: spec.local ?? 0 };
      const started = await startPortForward(client, target.value, spec, {
        signal: interrupt.signal,
        onEvent: (event) => {
          const line = forwardEventLine(holder, event);
          if (line) io[line.stream](`${line.text}\n`);
        },
      });
      if (!started.ok) {
        io.stderr(`berth: ${formatKubeError(started.error)}\n`);
        for (const f of forwards) f.stop();
        return 1;
      }
      holder.localPort = started.value.localPort;
      forwards.push(started.value);
      io.stdout(`Forwarding from ${started.value.address}:${started.value.localPort} -> ${started.value.current()?.port ?? started.value.remoteLabel}\n`);
    }
    // Until Ctrl-C stops them all, or one ends by itself (its single pod went away).
    const first = await Promise.race(forwards.map((f) => f.done));
    for (const f of forwards) f.stop();
    if (!first.ok) {
      io.stderr(`berth: ${formatKubeError(first.error)}\n`);
      return 1;
    }
    return 0;
  } finally {
    interrupt.dispose();
  }
}
