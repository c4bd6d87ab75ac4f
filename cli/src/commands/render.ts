import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_VALIDATION_SETTINGS } from '../../../platform/settings';
import type { BerthLanguageService } from '../../../platform/languageService';
import { formatRendered, renderManifests, type RenderFormat } from '../../../platform/render';
import { readYamlInputs } from '../inputs';
import { UsageError } from '../usageError';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderRoot, type ChartPreview } from '../../../installation/render/renderRoot';
import { KUSTOMIZATION_FILE_NAMES } from '../../../platform/sources/kustomization';
import { chartPreviewOption } from '../chartOptions';
import { cliPaths } from '../cliPaths';
import type { CommandIo } from './validate';

export const RENDER_USAGE = `Usage: berth render <paths...> [--output yaml|json] [--include-kubernetes] [--namespace NAME]
       berth render <chart-folder|overlay-folder> [--values FILE]... [--set KEY=VALUE]... [--release NAME] [--namespace NAME]

A chart folder (with Chart.yaml) is rendered with \`helm template\`, an overlay folder (with
kustomization.yaml) with \`kubectl kustomize\`; the tools are the ones built from source by
\`npm run cluster -- build\` (or BERTH_HELM / BERTH_KUBECTL). Their output is printed as is.

Prints what Berth platform documents become: Applications as Deployments, Services, Ingresses,
HorizontalPodAutoscalers and PersistentVolumeClaims; kind Clusters as kind cluster configs; the
NodePools of kwok Clusters as simulated Nodes. All paths are rendered together, so an
Application finds its NodePool in another file. Paths are files or directories (searched
recursively for *.yaml and *.yml); - reads stdin.
  --output, -o            yaml (default: documents separated by ---) or json (a v1 List)
  --include-kubernetes    also print the plain Kubernetes manifests, unchanged
  --namespace, -n         namespace of Applications that name none (default: default)
Exit status: 0 all rendered, 1 some document could not render (reasons on stderr), 2 usage error.`;

const FORMATS: readonly RenderFormat[] = ['yaml', 'json'];

export async function runRender(argv: readonly string[], service: BerthLanguageService, io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o', default: 'yaml' },
      'include-kubernetes': { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      values: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      release: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(RENDER_USAGE + '\n');
    return 0;
  }
  const format = values.output as RenderFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, not "${values.output}"`);
  if (positionals.length === 0) throw new UsageError('render needs at least one file or directory');
  const folders = positionals.filter((path) => renderableFolder(path) !== undefined);
  if (folders.length > 0) {
    if (folders.length !== positionals.length) throw new UsageError('render takes either chart and overlay folders or platform manifests, not both');
    return renderFolders(folders, { ...chartPreviewOption(values.values, values.set), ...(values.release ? { release: values.release } : {}), ...(values.namespace ? { namespace: values.namespace } : {}) }, format, io);
  }
  if (values.values || values.set || values.release) throw new UsageError('--values, --set and --release apply to charts: name a folder with a Chart.yaml');

  const manifests: unknown[] = [];
  for (const input of readYamlInputs(positionals, io.readStdin)) {
    const document = TextDocument.create(input.uri, 'yaml', 1, input.text);
    for (const { analysis } of service.analyze(document, DEFAULT_VALIDATION_SETTINGS).chunks) {
      if (analysis.value !== undefined) manifests.push(analysis.value);
    }
    service.forget(document.uri);
  }

  const outcome = renderManifests(manifests, service.registry.platform.instanceTypes(), {
    includeKubernetes: values['include-kubernetes'] === true,
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
  });
  io.stdout(formatRendered(outcome.objects, format));
  for (const problem of outcome.problems) io.stderr(`berth render: ${problem}\n`);
  return outcome.problems.length > 0 ? 1 : 0;
}

/** Whether a path is a chart or overlay folder, and which. */
function renderableFolder(path: string): 'chart' | 'overlay' | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  if (existsSync(join(path, 'Chart.yaml'))) return 'chart';
  return KUSTOMIZATION_FILE_NAMES.some((name) => existsSync(join(path, name))) ? 'overlay' : undefined;
}

async function renderFolders(folders: readonly string[], preview: ChartPreview, format: RenderFormat, io: CommandIo): Promise<number> {
  let failed = false;
  const texts: string[] = [];
  for (const folder of folders) {
    const kind = renderableFolder(folder)!;
    const outcome = await renderRoot({ kind, folder, file: join(folder, kind === 'chart' ? 'Chart.yaml' : 'kustomization.yaml') }, { trusted: true, preview, ...cliPaths(folder) });
    if (outcome.kind === 'rendered') texts.push(outcome.text);
    else {
      failed = true;
      const where = outcome.kind === 'failed' && outcome.file ? `${outcome.file}${outcome.line !== undefined ? `:${outcome.line + 1}` : ''}: ` : '';
      io.stderr(`berth render: ${folder}: ${where}${outcome.message}\n`);
    }
  }
  if (format === 'json') {
    const items = texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS() as unknown).filter((v) => v !== null && v !== undefined));
    io.stdout(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
  } else {
    io.stdout(texts.map((text) => text.replace(/^---\n/, '')).join('---\n'));
  }
  return failed ? 1 : 0;
}
