import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_VALIDATION_SETTINGS } from '../../../platform/settings';
import type { BerthLanguageService } from '../../../platform/languageService';
import { formatRendered, renderManifests, type RenderFormat } from '../../../platform/render';
import { readYamlInputs } from '../inputs';
import { UsageError } from '../usageError';
import type { CommandIo } from './validate';

export const RENDER_USAGE = `Usage: berth render <paths...> [--output yaml|json] [--include-kubernetes] [--namespace NAME]

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

export function runRender(argv: readonly string[], service: BerthLanguageService, io: CommandIo): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o', default: 'yaml' },
      'include-kubernetes': { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
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
