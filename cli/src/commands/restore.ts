import { parseArgs } from 'node:util';
import { nodeLanguageServiceOptions } from '../../../installation/languageServiceOptions';
import { formatKubeError, parseHostRewrite, readBackupDir, restoreBackup, summarizeRestore, type RestoreObjectResult } from '../../../kube';
import { ApiLifecycleTable } from '../../../platform/upgrade/apiLifecycle';
import { KUBE_OPTIONS, interruptSignal } from '../clusterArgs';
import { UsageError } from '../usageError';
import { openForCommand } from './scale';
import type { CommandIo } from './validate';

export const RESTORE_USAGE = `Usage: berth restore DIR [--context C] [--namespace N] [--dry-run] [--force] [--rewrite-host FROM=TO]

Re-creates the objects of a backup written by berth backup, in dependency order, through a
server-side apply. Every file's checksum is verified first: a corrupted or edited backup is
refused, naming the files. An object that exists unchanged is skipped; one that exists and
differs is reported as a conflict and left as it is. API versions the target's Kubernetes no
longer serves are converted when the replacement takes the same fields, otherwise refused with
the replacement named. Secrets the backup was made without, and the CRDs of its custom
resources, must exist on the target. Cluster-scoped objects (ClusterRoles, ClusterRoleBindings)
keep their names; a binding's ServiceAccount subjects follow --namespace.
  --namespace N   restore into namespace N (created when missing) instead of the backup's own
  --dry-run       a server-side dry run: report what would be created, skipped or in conflict
  --force         overwrite live objects that differ from the backup
  --rewrite-host FROM=TO
                  give restored Ingresses host TO instead of FROM (repeatable); a restore into
                  another namespace warns about each host the source namespace still serves
Exit status: 0 restored, 1 refused, a conflict, or an object failed, 2 usage error.`;

function line(r: RestoreObjectResult, dryRun: boolean): string {
  const group = r.apiVersion.includes('/') ? `.${r.apiVersion.split('/')[0]}` : '';
  const id = `${r.kind.toLowerCase()}${group}/${r.name}${r.namespace ? ` -n ${r.namespace}` : ''}`;
  return `${id}: ${r.action}${dryRun && r.action !== 'failed' && r.action !== 'conflict' ? ' (dry run)' : ''}${r.message ? `: ${r.message}` : ''}`;
}

export async function runRestore(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, 'rewrite-host': { type: 'string', multiple: true } } });
  if (values.help) {
    io.stdout(RESTORE_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('berth restore needs one backup directory (written by berth backup --to DIR)');
  if (values.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(values.namespace)) throw new UsageError(`"${values.namespace}" is not a namespace name`);
  const rewriteHosts = new Map<string, string>();
  for (const text of values['rewrite-host'] ?? []) {
    const parsed = parseHostRewrite(text);
    if ('error' in parsed) throw new UsageError(`--rewrite-host: ${parsed.error}`);
    if (rewriteHosts.has(parsed.from)) throw new UsageError(`--rewrite-host names ${parsed.from} twice`);
    rewriteHosts.set(parsed.from, parsed.to);
  }
  const dir = positionals[0]!;
  const backup = readBackupDir(dir);
  if (!backup.ok) {
    io.stderr(`berth: ${backup.error.message}\n`);
    return 1;
  }
  const table = ApiLifecycleTable.read(nodeLanguageServiceOptions().readSchemaFile);
  if (!table.ok) io.stderr(`note: API versions were not checked against the target's Kubernetes version: ${table.error}\n`);
  const client = await openForCommand({ ...(values.context ? { context: values.context } : {}) }, io);
  if (!client) return 1;
  const dryRun = values['dry-run'] ?? false;
  io.stdout(`Restoring ${backup.value.manifest.objects.length} objects (${backup.value.manifest.selection}, backed up ${backup.value.manifest.createdAt} from context "${backup.value.manifest.source.context}") to context "${client.context}"${dryRun ? ' (server-side dry run)' : ''}\n`);
  const interrupt = interruptSignal();
  try {
    const restored = await restoreBackup(client, backup.value, {
      dryRun,
      force: values.force ?? false,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      rewriteHosts,
      ...(table.ok ? { table: table.value } : {}),
      signal: interrupt.signal,
      onResult: (r) => io.stdout(line(r, dryRun) + '\n'),
    });
    if (!restored.ok) {
      io.stderr(`berth: ${formatKubeError(restored.error)}\n`);
      return 1;
    }
    if ('refused' in restored.value) {
      const refusal = restored.value.refused;
      if (refusal.kind === 'versions') for (const r of refusal.refused) io.stderr(`refused: ${r.object}: ${r.message}\n`);
      if (refusal.kind === 'crds') for (const m of refusal.missing) io.stderr(`missing: ${m}\n`);
      io.stderr(`berth: ${refusal.message}\n`);
      return 1;
    }
    for (const c of restored.value.converted) io.stdout(`converted: ${c}\n`);
    for (const r of restored.value.rewritten) io.stdout(`host rewritten: ${r}\n`);
    for (const w of restored.value.warnings) io.stderr(`warning: ${w}\n`);
    for (const host of new Set(restored.value.sharedHosts.map((h) => h.host))) io.stderr(`hint: --rewrite-host ${host}=NEW gives the restored Ingress another host\n`);
    if (backup.value.manifest.persistentVolumeClaims) io.stdout(`note: ${backup.value.manifest.persistentVolumeClaims.note}\n`);
    const counts = summarizeRestore(restored.value.results);
    io.stdout(`${Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing to restore'}\n`);
    return counts.failed > 0 || counts.conflict > 0 ? 1 : 0;
  } finally {
    interrupt.dispose();
  }
}
