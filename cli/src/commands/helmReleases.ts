/**
 * `berth releases` and `berth rollback`: the Helm releases on a cluster (as `helm list` sees
 * them, pending ones too) and rolling one back to an earlier revision, through helm itself.
 */
import { parseArgs } from 'node:util';
import { checkHelmNamespace, checkHelmRelease, formatKubeError, helmListReleases, helmRollback } from '../../../kube';
import { interruptSignal, KUBE_OPTIONS } from '../clusterArgs';
import { resolveHelmTarget } from '../helmTarget';
import { escapeControlCharacters } from '../output/terminalText';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const RELEASES_USAGE = `Usage: berth releases [--namespace N | --all-namespaces] [--context C]

Lists the Helm releases (NAME NAMESPACE REVISION STATUS CHART APP VERSION), pending and failed
ones too; in every namespace unless --namespace is given.
Exit status: 0 listed, 1 helm or the cluster failed, 2 usage error.`;

export const ROLLBACK_USAGE = `Usage: berth rollback <release> <revision> [--namespace N] [--context C]

Rolls a Helm release back to an earlier revision (helm rollback): a new revision with that
revision's values and chart. See the revisions with helm history <release>.
Exit status: 0 rolled back, 1 helm or the cluster failed, 2 usage error.`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = interruptSignal();
  try {
    return await run(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

export async function runReleases(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...KUBE_OPTIONS, 'all-namespaces': { type: 'boolean', short: 'A' } } });
  if (values.help) {
    io.stdout(RELEASES_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`berth releases takes no arguments, not "${escapeControlCharacters(positionals[0]!)}"`);
  if (values.namespace !== undefined && values['all-namespaces']) throw new UsageError('use --namespace or --all-namespaces, not both');
  if (values.namespace !== undefined && !checkHelmNamespace(values.namespace).ok) throw new UsageError(`"${escapeControlCharacters(values.namespace)}" is not a namespace name`);
  const resolved = resolveHelmTarget({ context: values.context }, io);
  if (!resolved) return 1;
  const releases = await withInterrupt((signal) => helmListReleases(resolved.target, values.namespace, signal));
  if (!releases.ok) {
    io.stderr(`berth: ${escapeControlCharacters(formatKubeError(releases.error))}\n`);
    return 1;
  }
  if (releases.value.length === 0) {
    io.stdout(`No Helm releases${values.namespace !== undefined ? ` in namespace "${values.namespace}"` : ''} in context "${escapeControlCharacters(resolved.target.context)}".\n`);
    return 0;
  }
  const rows = releases.value.map((r) => [r.name, r.namespace, String(r.revision), r.status, r.chart, r.appVersion].map(escapeControlCharacters));
  io.stdout(table([['NAME', 'NAMESPACE', 'REVISION', 'STATUS', 'CHART', 'APP VERSION'], ...rows]));
  return 0;
}

export async function runRollback(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: KUBE_OPTIONS });
  if (values.help) {
    io.stdout(ROLLBACK_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('berth rollback needs a release and a revision, e.g. berth rollback web 2');
  const [release, revisionText] = positionals as [string, string];
  const releaseCheck = checkHelmRelease(release);
  if (!releaseCheck.ok) throw new UsageError(releaseCheck.error.message);
  if (values.namespace !== undefined && !checkHelmNamespace(values.namespace).ok) throw new UsageError(`"${escapeControlCharacters(values.namespace)}" is not a namespace name`);
  if (!/^[1-9]\d*$/.test(revisionText)) throw new UsageError(`the revision must be a whole number from 1, not "${escapeControlCharacters(revisionText)}"`);
  const resolved = resolveHelmTarget(values, io);
  if (!resolved) return 1;
  const revision = Number(revisionText);
  const done = await withInterrupt((signal) => helmRollback(resolved.target, resolved.namespace, release, revision, signal));
  if (!done.ok) {
    if (done.error.kind === 'invalid') throw new UsageError(done.error.message);
    io.stderr(`berth: ${escapeControlCharacters(formatKubeError(done.error))}\n`);
    return 1;
  }
  io.stdout(`release/${release} -n ${resolved.namespace}: rolled back to revision ${revision}\n`);
  return 0;
}
