/**
 * `berth deploy <chart-folder>`: installs or upgrades a Helm release with helm itself
 * (`helm upgrade --install`), so `helm list` and `berth releases` show it like any other.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkHelmNamespace, checkHelmRelease, formatKubeError, helmInstallOrUpgrade } from '../../../kube';
import { resolveHelmTarget } from '../helmTarget';
import { interruptSignal } from '../clusterArgs';
import { escapeControlCharacters } from '../output/terminalText';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export interface ChartDeployFlags {
  readonly context?: string | undefined;
  readonly namespace?: string | undefined;
  readonly release?: string | undefined;
  readonly values?: readonly string[] | undefined;
  readonly set?: readonly string[] | undefined;
  readonly dryRun: boolean;
}

/** The chart's name from Chart.yaml: the release name when --release is not given. */
function chartName(dir: string): string {
  let name: unknown;
  try {
    name = (parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { name?: unknown } | null)?.name;
  } catch (cause) {
    throw new UsageError(`${join(dir, 'Chart.yaml')}: ${(cause as Error).message.split('\n')[0]}`);
  }
  if (typeof name !== 'string' || name === '') throw new UsageError(`${join(dir, 'Chart.yaml')} names no chart (name:)`);
  return name;
}

export async function runChartDeploy(dir: string, flags: ChartDeployFlags, io: CommandIo): Promise<number> {
  const release = flags.release ?? chartName(dir);
  const releaseCheck = checkHelmRelease(release);
  if (!releaseCheck.ok) throw new UsageError(`${releaseCheck.error.message}${flags.release === undefined ? ' Give one with --release.' : ''}`);
  for (const s of flags.set ?? []) {
    if (!/^[^=]+=/.test(s) || /[\r\n]/.test(s)) throw new UsageError(`--set needs key=value, not "${escapeControlCharacters(s)}"`);
  }
  if (flags.namespace !== undefined && !checkHelmNamespace(flags.namespace).ok) throw new UsageError(`"${escapeControlCharacters(flags.namespace)}" is not a namespace name`);
  const resolved = resolveHelmTarget(flags, io);
  if (!resolved) return 1;
  const namespace = resolved.namespace;
  if (!flags.dryRun) io.stdout(`Deploying chart ${escapeControlCharacters(dir)} as release "${release}" to namespace "${namespace}" in context "${escapeControlCharacters(resolved.target.context)}"\n`);
  const interrupt = interruptSignal();
  try {
    const result = await helmInstallOrUpgrade(
      resolved.target,
      { release, namespace, chart: dir, valuesFiles: flags.values ?? [], set: flags.set ?? [], createNamespace: true, dryRun: flags.dryRun },
      interrupt.signal,
    );
    if (!result.ok) {
      // Only Berth's own checks of names and paths say "invalid": a mistake in the command line.
      if (result.error.kind === 'invalid') throw new UsageError(result.error.message);
      io.stderr(`berth: ${escapeControlCharacters(formatKubeError(result.error))}\n`);
      return 1;
    }
    if (flags.dryRun) {
      // The manifest alone on stdout, so it can be piped or diffed.
      const manifest = escapeControlCharacters(result.value.manifest);
      io.stdout(manifest.endsWith('\n') ? manifest : `${manifest}\n`);
      return 0;
    }
    const { revision, status } = result.value;
    io.stdout(`release/${release} -n ${namespace}: ${revision === 1 ? 'installed' : 'upgraded'} (revision ${revision}, ${escapeControlCharacters(status)})\n`);
    return status === 'deployed' ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}
