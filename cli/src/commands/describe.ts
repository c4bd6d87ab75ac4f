import { parseArgs } from 'node:util';
import { describeObject, formatEvents, formatKubeError, listEvents, parseObjectRef, resolveKind } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const DESCRIBE_USAGE = `Usage: berth describe <kind>/<name> [--reveal] [--output markdown|json] [--context C] [--namespace N]

Summarises an object as Markdown, like kubectl describe: metadata, a summary of its spec and
status, its conditions, its owner chain (pod -> replicaset -> deployment) and its recent events.
Kinds: pod, deployment (deploy), replicaset (rs), statefulset (sts), daemonset (ds), service
(svc), configmap (cm), secret, node, namespace (ns), job, cronjob, ingress, hpa, pvc, ... and any
other resource the cluster serves (CRDs too, by plural, singular or short name).
Secret values are shown as <masked: N bytes> unless --reveal is given.
Exit status: 0 described, 1 failed, 2 usage error.`;

export const EVENTS_USAGE = `Usage: berth events [<kind>/<name>] [--all-namespaces] [--limit N] [--context C] [--namespace N]

The most recent events (default 50) of an object, or of the namespace, or of all namespaces
(-A), oldest first, as a Markdown table.`;

export async function runDescribe(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, reveal: { type: 'boolean' }, output: { type: 'string', short: 'o', default: 'markdown' } },
  });
  if (values.help) {
    io.stdout(DESCRIBE_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth describe needs exactly one <kind>/<name>, e.g. berth describe deployment/web');
  const ref = parseObjectRef(positionals[0]!);
  if (!ref.ok) throw new UsageError(ref.error.message);
  if (values.output !== 'markdown' && values.output !== 'json') throw new UsageError(`--output must be markdown or json, not "${values.output}"`);
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const described = await describeObject(client, ref.value, { reveal: values.reveal ?? false, signal: interrupt.signal });
    if (!described.ok) {
      io.stderr(`berth: ${formatKubeError(described.error)}\n`);
      return 1;
    }
    if (values.output === 'json') {
      const { object, owners, events } = described.value;
      io.stdout(JSON.stringify({ object: { ...object, metadata: { ...object.metadata, managedFields: undefined } }, owners, events }, null, 2) + '\n');
    } else {
      io.stdout(described.value.markdown);
    }
    return 0;
  } finally {
    interrupt.dispose();
  }
}

export async function runEvents(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, 'all-namespaces': { type: 'boolean', short: 'A' }, limit: { type: 'string', default: '50' } },
  });
  if (values.help) {
    io.stdout(EVENTS_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('berth events takes at most one <kind>/<name>');
  if (!/^\d+$/.test(values.limit)) throw new UsageError(`--limit must be a whole number, not "${values.limit}"`);
  const ref = positionals[0] !== undefined ? parseObjectRef(positionals[0]) : undefined;
  if (ref && !ref.ok) throw new UsageError(ref.error.message);
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    let object: { kind: string; name: string; namespace?: string } | undefined;
    if (ref?.ok) {
      const info = await resolveKind(client, ref.value.kind, { signal: interrupt.signal });
      if (!info.ok) {
        io.stderr(`berth: ${formatKubeError(info.error)}\n`);
        return 1;
      }
      object = { kind: info.value.kind, name: ref.value.name, ...(info.value.namespaced ? { namespace: client.namespace } : {}) };
    }
    const events = await listEvents(client, {
      ...(object ? { object } : {}),
      allNamespaces: (values['all-namespaces'] ?? false) || (object !== undefined && object.namespace === undefined),
      limit: Number(values.limit),
      signal: interrupt.signal,
    });
    if (!events.ok) {
      io.stderr(`berth: ${formatKubeError(events.error)}\n`);
      return 1;
    }
    io.stdout(formatEvents(events.value, { withObject: object === undefined }) + '\n');
    return 0;
  } finally {
    interrupt.dispose();
  }
}
