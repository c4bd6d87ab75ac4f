import { parseArgs } from 'node:util';
import { clusterTarget, connect, formatKubeError, planDeploy, type ApplyObjectResult, type DeployPlan, type KubeClient, type SkippedDocument } from '../../../kube';
import { KUBE_OPTIONS, interruptSignal, loadCatalog, readManifestFiles } from '../clusterArgs';
import { UsageError } from '../usageError';
import { runChartDeploy } from './deployChart';
import { runDeployDiff } from './deployDiff';
import { applyToDestination, clusterDestinations, countsText, outcomeJson, outcomeTable, type Destination, type DestinationOutcome } from './deployDestinations';
import { deployFolderKind } from './deployFolder';
import { renderOverlayFiles } from './deployOverlay';
import type { CommandIo } from './validate';

export const DEPLOY_USAGE = `Usage: berth deploy <files|dirs...> [--context C] [--namespace N] [--dry-run | --diff] [--prune] [--force-conflicts] [--output text|json]
       berth deploy <chart-dir> [--release R] [--namespace N] [--values FILE]... [--set k=v]... [--context C] [--dry-run]
       berth deploy <overlay-dir> [same flags as files]

Renders the platform documents (Applications) and server-side applies (field manager "berth")
every resulting object, and every plain Kubernetes manifest, in dependency order: namespaces,
CRDs, then the rest. Prints what happened to each object: created, configured, unchanged,
failed (and why), pruned. A failed object does not stop the others.
  --context C        kubeconfig context (default: the current one; KUBECONFIG is honoured)
  --namespace N      namespace for objects and Applications that name none (default: the context's)
  --dry-run          server-side dry run: the server checks everything, nothing is stored;
                     with --output json, each failure names its file and document index
  --diff             show live vs applied, like kubectl diff: a unified diff of each object's
                     live YAML and what a server-side dry-run apply would make of it (new
                     objects all added; server-set fields left out); nothing is stored.
                     Exit status: 0 no differences, 1 differences found, 2 an error (usage,
                     files, cluster, or an object the server refused: listed on stderr)
  --prune            delete objects applied earlier by Berth for the same Applications that
                     are no longer rendered
  --force-conflicts  take over fields that another field manager owns
An Application that names a namespace gets that Namespace created with it.
An Application on several clusters (spec.clusters) goes to each cluster's context: the Cluster
document of that name among the files (kwok-<name>, kind-<name>, or a registered cluster's
registered.context), else the kubeconfig context of that name. Each cluster is applied on its
own and reported in a table; one that fails is named and the others still deploy.
Clusters and NodePools are not deployed: use berth cluster up and berth nodepool scale.
A Secret holding masked values (<masked: N bytes>, as Berth's views show Secrets) is refused,
and then nothing is deployed: put the real values back first.
A folder with Chart.yaml is a Helm chart: helm upgrade --install, as release R (default: the
chart's name) in namespace N (default: the context's, created if missing), with values files
and --set values as helm takes them; --dry-run prints the manifest helm would apply.
A folder with kustomization.yaml is a kustomize overlay: rendered by kubectl kustomize, then
applied like files.
Exit status: 0 all applied, 1 something failed or did not render, 2 usage error.`;

function skippedNote(d: SkippedDocument): string {
  return `${d.kind} ${d.name}: not deployed (use ${d.kind === 'Cluster' ? 'berth cluster up' : 'berth nodepool scale'})`;
}

/** The plan's problems as the CLI prints them: "file (document N): message". */
function problemLines(plan: DeployPlan): string[] {
  return plan.problems.map((p) => `${p.uri} (document ${p.documentIndex + 1}): ${p.message}`);
}

function line(r: ApplyObjectResult, dryRun: boolean): string {
  const group = r.apiVersion.includes('/') ? `.${r.apiVersion.split('/')[0]}` : '';
  const id = `${r.kind.toLowerCase()}${group}/${r.name}${r.namespace ? ` -n ${r.namespace}` : ''}`;
  const action = `${r.action}${dryRun && r.action !== 'failed' ? ` (dry run${r.unchecked ? `, ${r.unchecked}` : ''})` : ''}`;
  const from = r.source ? ` (${r.source.uri}, document ${r.source.documentIndex + 1})` : '';
  return r.error ? `${id}: ${action}: ${r.error.message}${from}` : `${id}: ${action}`;
}

export async function runDeploy(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...KUBE_OPTIONS,
      'dry-run': { type: 'boolean' },
      prune: { type: 'boolean' },
      diff: { type: 'boolean' },
      'force-conflicts': { type: 'boolean' },
      output: { type: 'string', short: 'o', default: 'text' },
      release: { type: 'string' },
      values: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
    },
  });
  if (values.help) {
    io.stdout(DEPLOY_USAGE + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('berth deploy needs files or directories to deploy');
  const kinds = positionals.map(deployFolderKind);
  if (kinds.some((k) => k !== 'manifests') && positionals.length > 1) throw new UsageError('berth deploy takes one chart or overlay folder at a time, and no other paths with it');
  const helmFlags = (['release', 'values', 'set'] as const).filter((f) => values[f] !== undefined);
  if (kinds[0] === 'chart') {
    const others = (['diff', 'prune', 'force-conflicts'] as const).filter((f) => values[f] !== undefined);
    if (others.length > 0 || values.output !== 'text') throw new UsageError(`--${others[0] ?? 'output'} is for files and overlays, not charts (${positionals[0]} holds Chart.yaml)`);
    return runChartDeploy(positionals[0]!, { context: values.context, namespace: values.namespace, release: values.release, values: values.values, set: values.set, dryRun: values['dry-run'] ?? false }, io);
  }
  if (helmFlags.length > 0) throw new UsageError(`--${helmFlags[0]!} is for Helm charts: ${positionals.join(' ')} ${positionals.length > 1 ? 'are not chart folders' : 'is not a chart folder (no Chart.yaml)'}`);
  if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`--output must be text or json, not "${values.output}"`);
  if (values.diff && values['dry-run']) throw new UsageError('--diff already stores nothing: use --diff or --dry-run, not both');
  if (values.diff && values.prune) throw new UsageError('--diff does not show what --prune would delete: run berth deploy --dry-run --prune to see that');
  const dryRun = values['dry-run'] ?? false;

  const files = kinds[0] === 'overlay' ? await renderOverlayFiles(positionals[0]!, io) : readManifestFiles(positionals);
  if (!files) return values.diff ? 2 : 1;
  const failed = values.diff ? 2 : 1;
  const target = clusterTarget({ ...(values.context ? { context: values.context } : {}), ...(values.namespace ? { namespace: values.namespace } : {}) });
  // Without a usable target context only the clusters that multi-cluster Applications name can be served.
  const namespace = target.ok ? target.value.namespace : (values.namespace ?? 'default');
  // The plan comes before any request: what it refuses never reaches the cluster.
  const plan = planDeploy(files.map((f) => ({ uri: f.file, text: f.text })), loadCatalog(), { namespace });
  if (plan.masked.length > 0) {
    for (const m of plan.masked) {
      io.stderr(`refused: ${m.source.uri} (document ${m.source.documentIndex + 1}): ${m.message}\n`);
    }
    io.stderr('berth: nothing was deployed: a Secret holding masked values would overwrite the real ones\n');
    return failed;
  }
  const needsTarget = plan.objects.length > 0 || plan.clusters.length === 0;
  if (!target.ok && needsTarget) {
    io.stderr(`berth: ${formatKubeError(target.error)}\n`);
    return failed;
  }
  // Problems are reported, never silently skipped; leaving platform infrastructure out is not an error.
  const errors = problemLines(plan);
  for (const p of errors) io.stderr(`not rendered: ${p}\n`);
  for (const n of plan.skipped) io.stderr(`note: ${skippedNote(n)}\n`);
  const destinations: Destination[] = [
    ...(needsTarget ? [{ target, objects: plan.objects, applications: plan.applications }] : []),
    ...clusterDestinations(plan.clusters, values.namespace),
  ];
  if (values.diff) return runDiffs(destinations, { force: values['force-conflicts'] ?? false, output: values.output, problems: errors.length }, io);

  const multi = plan.clusters.length > 0;
  const interrupt = interruptSignal();
  try {
    const outcomes: DestinationOutcome[] = [];
    for (const destination of destinations) {
      if (interrupt.signal.aborted) break;
      const outcome = await applyToDestination(destination, {
        dryRun,
        force: values['force-conflicts'] ?? false,
        prune: values.prune ?? false,
        signal: interrupt.signal,
        ...(values.output === 'text'
          ? {
              onStart: (d: Destination, client: KubeClient) => io.stdout(`Deploying ${d.objects.length} objects to ${d.cluster !== undefined ? `cluster ${d.cluster} (context "${client.context}")` : `context "${client.context}"`}${dryRun ? ' (server-side dry run)' : ''}\n`),
              onResult: (r: ApplyObjectResult) => io.stdout(line(r, dryRun) + '\n'),
            }
          : {}),
      });
      outcomes.push(outcome);
      if (outcome.error !== undefined) io.stderr(`berth: ${outcome.destination.cluster !== undefined ? `cluster ${outcome.destination.cluster}: nothing more was deployed there: ` : ''}${outcome.error}\n`);
      else if (values.output === 'text') io.stdout(`${countsText(outcome.counts)}${!multi && errors.length > 0 ? `; ${errors.length} not rendered` : ''}\n`);
    }
    if (values.output === 'json') {
      const [first, ...rest] = outcomes;
      const main = first && first.destination.cluster === undefined ? outcomeJson(first) : { context: target.ok ? target.value.context.name : null, results: [], findings: [], counts: {} };
      const clusters = (first && first.destination.cluster === undefined ? rest : outcomes).map(outcomeJson);
      io.stdout(JSON.stringify({ ...main, dryRun, problems: errors, ...(multi ? { clusters } : {}) }, null, 2) + '\n');
    } else if (multi) {
      io.stdout(outcomeTable(outcomes));
      if (errors.length > 0) io.stdout(`${errors.length} not rendered\n`);
    }
    const anyFailed = outcomes.length < destinations.length || outcomes.some((o) => o.error !== undefined || o.counts.failed > 0);
    return anyFailed || errors.length > 0 ? 1 : 0;
  } finally {
    interrupt.dispose();
  }
}

/** `--diff` at every destination in turn; the worst exit status wins (2 error, 1 differences). */
async function runDiffs(destinations: readonly Destination[], options: { force: boolean; output: string; problems: number }, io: CommandIo): Promise<number> {
  let status = 0;
  // JSON stays one document: each destination's report is collected and printed under `clusters`.
  const collected: Record<string, unknown>[] = [];
  const json = options.output === 'json' && destinations.length > 1;
  for (const [i, destination] of destinations.entries()) {
    let captured = '';
    const out: CommandIo = json ? { ...io, stdout: (text: string) => void (captured += text) } : io;
    const label = destination.cluster !== undefined ? `cluster ${destination.cluster}` : 'the target context';
    if (destinations.length > 1 && options.output === 'text') io.stdout(`# ${label}${destination.contextName ? ` (context "${destination.contextName}")` : ''}\n`);
    const client = destination.target.ok ? await connect(destination.target.value) : destination.target;
    if (!client.ok) {
      io.stderr(`berth: ${destination.cluster !== undefined ? `cluster ${destination.cluster}: ` : ''}${formatKubeError(client.error)}\n`);
      if (json) collected.push({ ...(destination.cluster !== undefined ? { cluster: destination.cluster } : {}), error: formatKubeError(client.error) });
      status = 2;
      continue;
    }
    const plan = { objects: destination.objects };
    // Documents that did not render count once, against the last destination's status.
    const problems = i === destinations.length - 1 ? options.problems : 0;
    status = Math.max(status, await runDeployDiff(client.value, plan, { namespace: client.value.namespace, force: options.force, output: options.output === 'json' ? 'json' : 'text', problems }, out));
    if (json && captured.trim() !== '') collected.push({ ...(destination.cluster !== undefined ? { cluster: destination.cluster } : {}), ...(JSON.parse(captured) as Record<string, unknown>) });
  }
  if (json) io.stdout(JSON.stringify({ clusters: collected }, null, 2) + '\n');
  return status;
}
