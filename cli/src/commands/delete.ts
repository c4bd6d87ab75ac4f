import { parseArgs } from 'node:util';
import { deleteObject, formatKubeError, parseObjectRef, parsePropagation, resolveKind } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const DELETE_USAGE = `Usage: berth delete <kind>/<name> [--cascade background|foreground|orphan] [--wait] [--dry-run] [--context C] [--namespace N]

Deletes one object. --cascade says what happens to what it owns (ReplicaSets, Pods…), as kubectl:
  background  (default) the object goes now, the cluster removes its dependents afterwards
  foreground  the object stays until its dependents are gone
  orphan      its dependents are kept
  --wait      wait until the object is gone (with foreground: its dependents too)
  --dry-run   server-side dry run: checked, nothing deleted
Exit status: 0 deleted, 1 the cluster refused or failed, 2 usage error.`;

export async function runDelete(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, cascade: { type: 'string', default: 'background' }, wait: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, timeout: { type: 'string' } },
  });
  if (values.help) {
    io.stdout(DELETE_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth delete needs exactly one object, e.g. berth delete deployment/web');
  const ref = parseObjectRef(positionals[0]!);
  if (!ref.ok) throw new UsageError(ref.error.message);
  const propagation = parsePropagation(values.cascade);
  if (!propagation.ok) throw new UsageError(propagation.error.message);
  const client = await openForCommand(values, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const info = await resolveKind(client, ref.value.kind, { signal: interrupt.signal });
    if (!info.ok) {
      io.stderr(`berth: ${formatKubeError(info.error)}\n`);
      return 1;
    }
    const deleted = await deleteObject(client, info.value, ref.value.name, { propagation: propagation.value, wait: values.wait ?? false, dryRun: values['dry-run'] ?? false, signal: interrupt.signal });
    if (!deleted.ok) {
      io.stderr(`berth: ${formatKubeError(deleted.error)}\n`);
      return 1;
    }
    const d = deleted.value;
    const group = info.value.apiVersion.includes('/') ? `.${info.value.apiVersion.split('/')[0]}` : '';
    io.stdout(`${info.value.kind.toLowerCase()}${group}/${d.name} deleted${values['dry-run'] ? ' (dry run)' : ''} (${d.propagation}${d.namespace ? `, namespace ${d.namespace}` : ''}, context ${client.context})\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
