import { deployFindings, diffObjects, formatKubeError, hasDifference, objectLabel, objectUnifiedDiff, type DeployFinding, type DeployPlan, type KubeClient } from '../../../kube';
import { interruptSignal } from '../clusterArgs';
import type { CommandIo } from './validate';

/** A finding as the JSON output shows it: the file as given on the command line. */
export function findingJson(f: DeployFinding): Record<string, unknown> {
  return { file: f.uri, documentIndex: f.documentIndex, object: f.object, message: f.message, ...(f.field ? { field: f.field } : {}) };
}

export interface DeployDiffOptions {
  readonly namespace: string;
  readonly force: boolean;
  readonly output: 'text' | 'json';
  /** Documents that did not render: an error, so the exit status is 2. */
  readonly problems: number;
}

/**
 * `berth deploy --diff`: kubectl diff's contract. The unified diffs go to stdout; objects the
 * server refused go to stderr. Exit 0 no differences, 1 differences, 2 any error.
 */
export async function runDeployDiff(client: KubeClient, plan: Pick<DeployPlan, 'objects'>, options: DeployDiffOptions, io: CommandIo): Promise<number> {
  const interrupt = interruptSignal();
  try {
    const diffed = await diffObjects(
      client,
      plan.objects.map((p) => p.object),
      { namespace: options.namespace, force: options.force, sources: plan.objects.map((p) => p.source), signal: interrupt.signal },
    );
    if (!diffed.ok) {
      io.stderr(`berth: ${formatKubeError(diffed.error)}\n`);
      return 2;
    }
    const diffs = diffed.value;
    const failed = diffs.filter((d) => d.error);
    const changed = diffs.filter(hasDifference);
    if (options.output === 'json') {
      const objects = diffs.map((d) => ({
        id: d.id,
        apiVersion: d.apiVersion,
        kind: d.kind,
        name: d.name,
        ...(d.namespace ? { namespace: d.namespace } : {}),
        status: d.error ? 'failed' : !hasDifference(d) ? 'unchanged' : d.liveYaml === '' ? 'new' : 'changed',
        ...(d.error ? { error: d.error.message } : { diff: objectUnifiedDiff(d) }),
        ...(d.unchecked ? { unchecked: d.unchecked } : {}),
        ...(d.source ? { file: d.source.uri, documentIndex: d.source.documentIndex } : {}),
      }));
      io.stdout(JSON.stringify({ context: client.context, objects, findings: deployFindings(diffs).map(findingJson) }, null, 2) + '\n');
    } else {
      for (const d of changed) io.stdout(objectUnifiedDiff(d));
    }
    for (const d of failed) {
      const from = d.source ? ` (${d.source.uri}, document ${d.source.documentIndex + 1})` : '';
      io.stderr(`error: ${objectLabel(d)}: ${d.error!.message}${from}\n`);
    }
    if (failed.length > 0 || options.problems > 0) {
      io.stderr(`berth: ${failed.length} object(s) could not be compared${options.problems > 0 ? `, ${options.problems} document(s) did not render` : ''}\n`);
      return 2;
    }
    return changed.length > 0 ? 1 : 0;
  } finally {
    interrupt.dispose();
  }
}
