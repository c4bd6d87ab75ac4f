import { parseArgs } from 'node:util';
import type { Result } from '../../../platform/result';
import type { SchemaFileReader } from '../../../platform/schema/schemaFiles';
import { DEFAULT_VALIDATION_SETTINGS, isFileSize } from '../../../platform/settings';
import { ApiLifecycleTable } from '../../../platform/upgrade/apiLifecycle';
import type { UpgradeFinding } from '../../../platform/upgrade/finding';
import { workspaceFindings } from '../../../platform/upgrade/manifestFindings';
import { reportJson, reportMarkdown, reportText, upgradeReport, type UpgradeScope } from '../../../platform/upgrade/report';
import { minorOf } from '../../../platform/upgrade/versions';
import { readYamlSources } from '../inputs';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const UPGRADE_CHECK_USAGE = `Usage: berth upgrade-check --to X.Y [paths...] [--context C] [--output text|json|markdown] [--max-file-size MB]

What upgrading to Kubernetes X.Y would break, each finding with its object, its file and line
where known, and the fix:
- the manifests among the paths (files or directories searched for *.yaml and *.yml; - reads
  stdin) of API versions X.Y no longer serves or has deprecated, and of versions the operators
  (cert-manager, KEDA, Istio) no longer serve;
- with --context, or with no paths, the live cluster of the context (default: the current one):
  its objects by the API version they were last applied with (the annotation
  kubectl.kubernetes.io/last-applied-configuration, or a server-side apply's managed fields),
  the manifests of its Helm releases (Secrets of type helm.sh/release.v1, latest deployed
  revision), API versions it serves that X.Y does not, kubelets outside the version skew policy,
  nodes on dockershim, and a control plane more than one minor below X.Y.
Exit status: 0 nothing breaks (warnings at most), 1 something breaks, 2 usage error, unreadable
path or unreachable cluster.`;

const FORMATS = ['text', 'json', 'markdown'] as const;

/** What the live cluster adds: its findings, and where the check looked. */
export interface ClusterUpgradeCheck {
  readonly findings: readonly UpgradeFinding[];
  readonly cluster: NonNullable<UpgradeScope['cluster']>;
  readonly notes: readonly string[];
}

/**
 * Checks a context's cluster (cli/src/clusterUpgradeCheck.ts); the entry passes one that loads
 * the cluster bundle first. Its error is the message of an exit 2.
 */
export type ClusterUpgradeChecker = (context: string | undefined, table: ApiLifecycleTable, target: string) => Promise<Result<ClusterUpgradeCheck, string>>;

export async function runUpgradeCheck(argv: readonly string[], io: CommandIo, readSchemaFile: SchemaFileReader, checkCluster?: ClusterUpgradeChecker): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      context: { type: 'string' },
      'max-file-size': { type: 'string' },
      output: { type: 'string', short: 'o', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(UPGRADE_CHECK_USAGE + '\n');
    return 0;
  }
  const format = FORMATS.find((f) => f === values.output);
  if (!format) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, not "${values.output}"`);
  if (values.to === undefined) throw new UsageError('--to is required: the Kubernetes version to upgrade to, such as 1.36');
  const target = minorOf(values.to);
  if (target === undefined || !target.startsWith('1.')) throw new UsageError(`--to ${values.to} is not a Kubernetes version such as 1.36`);
  const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_VALIDATION_SETTINGS.maxFileSize : Number(values['max-file-size']);
  if (values['max-file-size']?.trim() === '' || !isFileSize(maxFileSize)) throw new UsageError(`--max-file-size must be a positive number of megabytes, not "${values['max-file-size']}"`);

  const table = ApiLifecycleTable.read(readSchemaFile);
  if (!table.ok) throw new Error(table.error);

  const findings: UpgradeFinding[] = [];
  const notes: string[] = [];
  let files: number | undefined;
  if (positionals.length > 0) {
    const inputs = readYamlSources(positionals, io.readStdin, maxFileSize);
    const texts = inputs.flatMap((input) => ('text' in input ? [{ file: input.file, text: input.text }] : []));
    for (const input of inputs) if ('oversized' in input) notes.push(`${input.file} was not read: ${input.oversized.bytes} bytes, over the ${maxFileSize} MB limit (--max-file-size)`);
    findings.push(...workspaceFindings(texts, table.value, target));
    files = texts.length;
  }
  let cluster: UpgradeScope['cluster'];
  if (values.context !== undefined || positionals.length === 0) {
    if (!checkCluster) throw new UsageError('checking a live cluster is not available in this build of berth');
    const live = await checkCluster(values.context, table.value, target);
    if (!live.ok) throw new UsageError(live.error);
    findings.push(...live.value.findings);
    notes.push(...live.value.notes);
    cluster = live.value.cluster;
  }

  const report = upgradeReport(target, findings, { ...(files === undefined ? {} : { files }), ...(cluster ? { cluster } : {}), notes });
  io.stdout(format === 'json' ? reportJson(report) : format === 'markdown' ? reportMarkdown(report) : reportText(report));
  return report.summary.breaking > 0 ? 1 : 0;
}
