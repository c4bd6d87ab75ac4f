import { parseArgs } from 'node:util';
import { collectBackup, formatKubeError, parseSelection, PVC_DATA_NOTE, writeBackupFiles } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const BACKUP_USAGE = `Usage: berth backup <application | namespace/NAME | -l SELECTOR> --to DIR [--context C] [--namespace N] [--include-secrets]

Writes the live objects of an Application (the objects Berth's deploy labelled for it), of a
namespace, or matching a label selector, as clean manifests: one YAML file per kind in
dependency order, server-kept fields and cluster-assigned values (cluster IPs, node ports) left
out, and what controllers re-create (ReplicaSets, Pods, Jobs of a CronJob, Endpoints) not saved.
Custom resources in the selection are saved after the built-in kinds, and their CRDs listed in
backup.json as required (restore checks the target has them). An Application's or a selector's
ClusterRoles and ClusterRoleBindings (by the same label) are saved too; a namespace backup takes
nothing cluster-wide.
backup.json records the source context and server, the Kubernetes version, the time, every
file and object with its SHA-256 checksum, and the Berth version; berth restore refuses a backup
whose files no longer match.
  --to DIR            the directory to write (created; must not already hold a backup)
  --namespace N       an Application or selector: only this namespace (default: every namespace)
  --include-secrets   also write Secrets, with their values, to a file of mode 0600; without it
                      they are listed in backup.json as required, and restore checks they exist
PersistentVolumeClaims are saved as claims: the data in their volumes is not backed up.
Exit status: 0 written, 1 the cluster refused or failed or nothing matched, 2 usage error.`;

export async function runBackup(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...KUBE_OPTIONS, to: { type: 'string' }, selector: { type: 'string', short: 'l' }, 'include-secrets': { type: 'boolean' } },
  });
  if (values.help) {
    io.stdout(BACKUP_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`berth backup takes one Application or namespace/NAME, not ${positionals.length}`);
  const parsed = parseSelection(positionals[0], values.selector);
  if ('error' in parsed) throw new UsageError(`berth backup: ${parsed.error}`);
  if (!values.to) throw new UsageError('berth backup needs --to DIR: the directory to write the backup to');
  if (parsed.selection.type === 'namespace' && values.namespace && values.namespace !== parsed.selection.name) {
    throw new UsageError(`--namespace ${values.namespace} and namespace/${parsed.selection.name} disagree: name one namespace`);
  }
  const client = await openForCommand({ ...(values.context ? { context: values.context } : {}) }, io);
  if (!client) return 1;
  const interrupt = interruptSignal();
  try {
    const collected = await collectBackup(client, {
      selection: parsed.selection,
      ...(values.namespace ? { namespace: values.namespace } : {}),
      includeSecrets: values['include-secrets'] ?? false,
      berthVersion: io.version,
      now: new Date(),
      signal: interrupt.signal,
    });
    if (!collected.ok) {
      io.stderr(`berth: ${formatKubeError(collected.error)}\n`);
      return 1;
    }
    if ('empty' in collected.value) {
      io.stderr(`berth: ${collected.value.empty}\n`);
      return 1;
    }
    const { content, leftOut } = collected.value;
    const written = writeBackupFiles(values.to, content.files);
    if (!written.ok) {
      io.stderr(`berth: ${written.error}\n`);
      return 1;
    }
    const { manifest } = content;
    for (const file of manifest.files) io.stdout(`${file.name}: ${file.objects} object${file.objects === 1 ? '' : 's'}\n`);
    for (const [why, count] of leftOut) io.stdout(`not saved: ${count} ${why}\n`);
    if (manifest.files.some((f) => f.secret)) {
      io.stderr(`warning: ${values.to} holds Secret values in plain text (${manifest.files.filter((f) => f.secret).map((f) => f.name).join(', ')}, mode 0600): keep it as safe as the cluster's credentials\n`);
    }
    if (manifest.requiredSecrets.length > 0) {
      io.stdout(`Secrets not saved (use --include-secrets): ${manifest.requiredSecrets.map((s) => `${s.namespace}/${s.name}`).join(', ')}; restore checks that they exist\n`);
    }
    if (manifest.requiredCrds && manifest.requiredCrds.length > 0) {
      io.stdout(`CRDs required on the target (not saved): ${manifest.requiredCrds.map((c) => c.name).join(', ')}\n`);
    }
    if (manifest.persistentVolumeClaims) io.stdout(`note: ${PVC_DATA_NOTE}\n`);
    for (const note of manifest.notes) io.stderr(`note: ${note}\n`);
    io.stdout(`Backed up ${manifest.objects.length} objects (${manifest.selection}) from context "${client.context}" to ${values.to}\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
