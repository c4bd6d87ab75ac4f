import { parseArgs } from 'node:util';
import { applyObjects, formatKubeError, labelForApplication, openCluster, summarizeApply, type ApplyObjectResult } from '../../../client/src/kube';
import { renderManifests } from '../../../server/src/core/render';
import { KUBE_OPTIONS, interruptSignal, loadCatalog, readManifests } from '../kube/shared';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const DEPLOY_USAGE = `Usage: berth deploy <files|dirs...> [--context C] [--namespace N] [--dry-run] [--prune] [--force-conflicts] [--output text|json]

Renders the platform documents (Applications) and server-side applies (field manager "berth")
every resulting object, and every plain Kubernetes manifest, in dependency order: namespaces,
CRDs, then the rest. Prints what happened to each object: created, configured, unchanged,
failed (and why), pruned. A failed object does not stop the others.
  --context C        kubeconfig context (default: the current one; KUBECONFIG is honoured)
  --namespace N      namespace for objects and Applications that name none (default: the context's)
  --dry-run          server-side dry run: the server checks everything, nothing is stored
  --prune            delete objects applied earlier by Berth for the same Applications that
                     are no longer rendered
  --force-conflicts  take over fields that another field manager owns
Clusters and NodePools are not deployed: use berth cluster up and berth nodepool scale.
Exit status: 0 all applied, 1 something failed or did not render, 2 usage error.`;

function line(r: ApplyObjectResult, dryRun: boolean): string {
  const group = r.apiVersion.includes('/') ? `.${r.apiVersion.split('/')[0]}` : '';
  const id = `${r.kind.toLowerCase()}${group}/${r.name}${r.namespace ? ` -n ${r.namespace}` : ''}`;
  const action = `${r.action}${dryRun && r.action !== 'failed' ? ' (dry run)' : ''}`;
  return r.error ? `${id}: ${action}: ${r.error.message}` : `${id}: ${action}`;
}

export async function runDeploy(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...KUBE_OPTIONS,
      'dry-run': { type: 'boolean' },
      prune: { type: 'boolean' },
      'force-conflicts': { type: 'boolean' },
      output: { type: 'string', short: 'o', default: 'text' },
    },
  });
  if (values.help) {
    io.stdout(DEPLOY_USAGE + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('berth deploy needs files or directories to deploy');
  if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`--output must be text or json, not "${values.output}"`);
  const dryRun = values['dry-run'] ?? false;

  const documents = readManifests(positionals).map((d) => d.value);
  const client = await openCluster({ ...(values.context ? { context: values.context } : {}), ...(values.namespace ? { namespace: values.namespace } : {}) });
  if (!client.ok) {
    io.stderr(`berth: ${formatKubeError(client.error)}\n`);
    return 1;
  }
  const namespace = client.value.namespace;
  const rendered = renderManifests(documents, loadCatalog(), { includeKubernetes: true, namespace });
  const problems = [...rendered.problems];
  const noted = new Set<string>();
  const objects: unknown[] = [];
  const applications = new Map<string, Set<string>>();
  for (const { source, object } of rendered.objects) {
    if (source.kind === 'Cluster' || source.kind === 'NodePool') {
      const hint = source.kind === 'Cluster' ? 'berth cluster up' : 'berth nodepool scale';
      const note = `${source.kind} ${source.name}: not deployed (use ${hint})`;
      if (!noted.has(note)) problems.push(note);
      noted.add(note);
      continue;
    }
    if (source.kind === 'Application' && String((object as { apiVersion?: unknown }).apiVersion ?? '').startsWith('berth.dev/') === false) {
      objects.push(labelForApplication(object as { metadata?: { labels?: Record<string, string> } }, source.name));
      const objectNamespace = (object as { metadata?: { namespace?: string } }).metadata?.namespace ?? namespace;
      applications.set(source.name, (applications.get(source.name) ?? new Set()).add(objectNamespace));
    } else {
      objects.push(object);
    }
  }
  // Problems are reported, never silently skipped; skipping platform infrastructure is not an error.
  const errors = problems.filter((p) => !p.endsWith('(use berth cluster up)') && !p.endsWith('(use berth nodepool scale)'));
  for (const p of problems) io.stderr(`${errors.includes(p) ? 'not rendered' : 'note'}: ${p}\n`);

  if (values.output === 'text') io.stdout(`Deploying ${objects.length} objects to context "${client.value.context}"${dryRun ? ' (server-side dry run)' : ''}\n`);
  const interrupt = interruptSignal();
  try {
    const report = await applyObjects(client.value, objects, {
      dryRun,
      force: values['force-conflicts'] ?? false,
      namespace,
      ...(values.prune ? { prune: { applications: [...applications].map(([name, namespaces]) => ({ name, namespaces: [...namespaces] })) } } : {}),
      signal: interrupt.signal,
      ...(values.output === 'text' ? { onResult: (r: ApplyObjectResult) => io.stdout(line(r, dryRun) + '\n') } : {}),
    });
    if (!report.ok) {
      io.stderr(`berth: ${formatKubeError(report.error)}\n`);
      return 1;
    }
    const counts = summarizeApply(report.value);
    if (values.output === 'json') {
      io.stdout(JSON.stringify({ context: client.value.context, dryRun, problems: errors, results: report.value.results.map((r) => ({ ...r, error: r.error?.message })), counts }, null, 2) + '\n');
    } else {
      io.stdout(`${Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing to apply'}${errors.length > 0 ? `; ${errors.length} not rendered` : ''}\n`);
    }
    return counts.failed > 0 || errors.length > 0 ? 1 : 0;
  } finally {
    interrupt.dispose();
  }
}
