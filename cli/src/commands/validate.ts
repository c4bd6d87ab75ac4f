import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { oversizedFileDiagnostic } from '../../../platform/diagnostics';
import { DEFAULT_VALIDATION_SETTINGS, isFileSize, MISSING_SCHEMAS_LEVELS, validationSettingsFrom, type ValidationSettings } from '../../../platform/settings';
import type { BerthLanguageService } from '../../../platform/languageService';
import type { Result } from '../../../platform/result';
import type { ClusterCrdSet } from '../../../platform/workspace/clusterCrds';
import { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { readYamlSources, type StdinReader } from '../inputs';
import { kubeconfigContextNames } from '../kubeconfigContexts';
import { formatJson } from '../output/jsonFormat';
import { formatJunit } from '../output/junitFormat';
import { formatSarif } from '../output/sarifFormat';
import { formatText } from '../output/textFormat';
import { summarize, type FileReport } from '../report';
import { UsageError } from '../usageError';
import { setFiles } from '../parallelAnalysis';
import { jobsOption, JOBS_OPTION_HELP } from '../jobsOption';
import { checksOption, CHECKS_OPTION_HELP } from '../checksOption';
import { clusterNamespacesOption, policyOption, POD_SECURITY_OPTION_HELP } from '../podSecurityOptions';
import { renderRoot } from '../../../installation/render/renderRoot';
import { cliPaths, readValuesSchema } from '../cliPaths';
import { chartPreviewOption, CHART_OPTIONS_HELP } from '../chartOptions';

export const VALIDATE_USAGE = `Usage: berth validate [paths...] [--kubernetes-version X.Y] [--unknown-fields error|warning|ignore] [--output text|json|sarif|junit] [--max-file-size MB]
                      [--crd file|dir]... [--missing-schemas error|warning|information|ignore] [--cluster-crds [--context C]]
                      [--checks ID=LEVEL,...] [--policy privileged|baseline|restricted|off] [--cluster-namespaces file]
                      [--values FILE]... [--set KEY=VALUE]...

Validates Berth platform manifests and Kubernetes manifests. Paths are files or directories
(searched recursively for *.yaml and *.yml); none means the current directory; - reads stdin.
A file larger than --max-file-size megabytes (default ${DEFAULT_VALIDATION_SETTINGS.maxFileSize}) is not read: it gets one file-too-large warning.
Custom resources are validated against the CustomResourceDefinitions among the inputs and in
the files or directories given with --crd (repeatable); one without a CRD gets a missing-schema
diagnostic at the --missing-schemas level (default ${DEFAULT_VALIDATION_SETTINGS.missingSchemas}).
--cluster-crds also reads the CRDs of the current kubeconfig context's cluster (or --context's)
and caches them on disk; when the cluster cannot be reached, the cached ones are used (said on stderr).
${CHART_OPTIONS_HELP}
${CHECKS_OPTION_HELP}
${POD_SECURITY_OPTION_HELP}
${JOBS_OPTION_HELP}
Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable path.`;

const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];

export interface CommandIo {
  /** The terminal's stdout; `berth` escapes control characters and bidi overrides in what it is given (output/terminalText.ts). */
  readonly stdout: (text: string) => void;
  /** The terminal's stderr, escaped the same way. */
  readonly stderr: (text: string) => void;
  /** Reads stdin up to a byte limit; undefined when more arrived (see inputs.ts). */
  readonly readStdin: StdinReader;
  readonly version: string;
}

/**
 * Reads the CRDs of a cluster for `--cluster-crds` (cli/src/clusterCrds.ts); the entry passes one
 * that loads the cluster bundle first. Its error is the text of a usage error.
 */
export type ClusterCrdsLoader = (context: string | undefined, io: Pick<CommandIo, 'stderr'>) => Promise<Result<ClusterCrdSet, string>>;

export async function runValidate(argv: readonly string[], service: BerthLanguageService, io: CommandIo, cluster: { readonly crds?: ClusterCrdsLoader } = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'kubernetes-version': { type: 'string' },
      'unknown-fields': { type: 'string' },
      'max-file-size': { type: 'string' },
      crd: { type: 'string', multiple: true },
      'missing-schemas': { type: 'string' },
      policy: { type: 'string' },
      'cluster-namespaces': { type: 'string' },
      checks: { type: 'string', multiple: true },
      'cluster-crds': { type: 'boolean' },
      context: { type: 'string' },
      values: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      jobs: { type: 'string', short: 'j' },
      output: { type: 'string', short: 'o', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(VALIDATE_USAGE + '\n');
    return 0;
  }
  const format = values.output as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, not "${values.output}"`);
  const settings = { ...settingsFrom(values['kubernetes-version'], values['unknown-fields'], values['max-file-size'], values['missing-schemas'], service), checks: checksOption(values.checks), podSecurity: policyOption(values.policy, DEFAULT_VALIDATION_SETTINGS.podSecurity) };
  const crdFiles = values.crd === undefined ? [] : readYamlSources(values.crd, noStdin, settings.maxFileSize);
  if (values.context !== undefined && !values['cluster-crds']) throw new UsageError('--context is only used with --cluster-crds');
  const preview = chartPreviewOption(values.values, values.set);

  const inputs = readYamlSources(positionals.length > 0 ? positionals : ['.'], io.readStdin, settings.maxFileSize);
  // All files form one workspace, so cross-document checks see every document given.
  const workspace = new BerthWorkspace(service);
  workspace.setClusterNamespaces(clusterNamespacesOption(values['cluster-namespaces'], settings.maxFileSize));
  let clusterCrds: ClusterCrdSet | undefined;
  if (values['cluster-crds']) {
    if (!cluster.crds) throw new UsageError('--cluster-crds is not available in this build of berth');
    const crds = await cluster.crds(values.context, io);
    if (!crds.ok) throw new UsageError(crds.error);
    workspace.setClusterCrds(crds.value);
    clusterCrds = crds.value;
  }
  // CRDs first: the custom resources among the inputs are then analysed once, against them.
  for (const input of crdFiles) {
    if ('oversized' in input) throw new UsageError(`--crd ${input.file}: ${input.oversized.bytes} bytes, over the ${settings.maxFileSize} MB limit (--max-file-size)`);
    workspace.setFile(TextDocument.create(input.uri, 'yaml', 1, input.text), settings);
  }
  const crdTexts = crdFiles.flatMap((input) => ('text' in input ? [input] : []));
  await setFiles(workspace, inputs.flatMap((input) => ('text' in input ? [input] : [])), settings, { jobs: jobsOption(values.jobs), clusterCrds, crdFiles: crdTexts });
  // A chart's values.yaml is checked against the values.schema.json beside it, as helm does.
  for (const root of workspace.renderRoots()) {
    const schema = root.kind === 'chart' ? readValuesSchema(root.folder, settings.maxFileSize) : undefined;
    if (schema !== undefined) workspace.charts.setFile(`${root.folder}/values.schema.json`, schema);
  }
  // Charts and overlays among the inputs are rendered with the real tools, then validated like files.
  for (const root of workspace.renderRoots()) workspace.setRendered(root, await renderRoot(root, { trusted: true, preview, ...cliPaths(root.folder) }));
  // Only NodePools and Applications name clusters: the kubeconfig is not read for the rest.
  if (workspace.platformDocuments().some((document) => document.kind !== 'Cluster')) workspace.setKnownContexts(kubeconfigContextNames());
  const reports: FileReport[] = inputs.map((input) => {
    if ('oversized' in input) return { file: input.file, documents: 0, diagnostics: [oversizedFileDiagnostic(input.uri, input.oversized)] };
    const documents = service.analyze(workspace.document(input.uri)!, settings).chunks.filter((c) => c.analysis.shape !== 'empty').length;
    return { file: input.file, documents, diagnostics: workspace.diagnostics(input.uri) };
  });

  const render = { text: formatText, json: formatJson, junit: formatJunit, sarif: (r: FileReport[]) => formatSarif(r, io.version) }[format];
  io.stdout(render(reports));
  return summarize(reports).errors > 0 ? 1 : 0;
}

const noStdin = (): never => {
  throw new UsageError('--crd - (stdin) is not accepted: name CRD files or directories');
};

function settingsFrom(
  version: string | undefined,
  unknownFields: string | undefined,
  maxFileSize: string | undefined,
  missingSchemas: string | undefined,
  service: BerthLanguageService,
): ValidationSettings {
  const supported = service.registry.kubernetesVersions();
  if (version !== undefined) {
    const minor = version.replace(/^v/, '').split('.').slice(0, 2).join('.');
    if (!supported.includes(minor)) throw new UsageError(`--kubernetes-version ${version} is not supported; use one of ${supported.join(', ')}`);
    version = minor;
  }
  if (unknownFields !== undefined && !['error', 'warning', 'ignore'].includes(unknownFields)) {
    throw new UsageError(`--unknown-fields must be error, warning or ignore, not "${unknownFields}"`);
  }
  if (missingSchemas !== undefined && !MISSING_SCHEMAS_LEVELS.some((level) => level === missingSchemas)) {
    throw new UsageError(`--missing-schemas must be ${MISSING_SCHEMAS_LEVELS.join(', ')}, not "${missingSchemas}"`);
  }
  const megabytes = maxFileSize === undefined ? undefined : Number(maxFileSize);
  if (megabytes !== undefined && (maxFileSize!.trim() === '' || !isFileSize(megabytes))) {
    throw new UsageError(`--max-file-size must be a positive number of megabytes, not "${maxFileSize}"`);
  }
  return validationSettingsFrom({ kubernetesVersion: version ?? supported[supported.length - 1], validation: { unknownFields, maxFileSize: megabytes, missingSchemas } });
}
