import type { ChunkDiagnostic } from '../validate/analyzeChunk';
import type { Issue } from '../validate/issue';
import { chunkRange, type ParsedChunk } from '../yaml/parseChunk';
import { ANY, BOOLEAN, INTEGER, listOf, object, shapeIssues, STRING, STRING_MAP, STRINGS, type FieldShape } from './fieldShapes';
import { documentData, isPlainObject, issueDiagnostics, sourceText } from './fileIssues';

/** Selects resources by group, version, kind, name and namespace (kyaml resid.ResId). */
const RES_ID = { group: STRING, version: STRING, kind: STRING, name: STRING, namespace: STRING };
const GVK = { group: STRING, version: STRING, kind: STRING };
const SELECTOR = object({ ...RES_ID, labelSelector: STRING, annotationSelector: STRING });
const PATCH = object({ path: STRING, patch: STRING, target: SELECTOR, options: object({ allowNameChange: BOOLEAN, allowKindChange: BOOLEAN }) });
const FIELD_SPEC = object({ ...GVK, path: STRING, create: BOOLEAN });
const GENERATOR_OPTIONS = object({ labels: STRING_MAP, annotations: STRING_MAP, disableNameSuffixHash: BOOLEAN, immutable: BOOLEAN });
const GENERATOR = { namespace: STRING, name: STRING, behavior: STRING, literals: STRINGS, files: STRINGS, envs: STRINGS, env: STRING, options: GENERATOR_OPTIONS };
const IMAGE = object({ name: STRING, newName: STRING, tagSuffix: STRING, newTag: STRING, digest: STRING });
const TARGET_SELECTOR = object({ select: SELECTOR, reject: listOf(SELECTOR), fieldPaths: STRINGS, options: object({ delimiter: STRING, index: INTEGER, encoding: STRING, create: BOOLEAN }) });
const REPLACEMENT = object({ path: STRING, source: object({ ...RES_ID, fieldPath: STRING, options: object({ delimiter: STRING, index: INTEGER, encoding: STRING, create: BOOLEAN }) }), targets: listOf(TARGET_SELECTOR), sourceValue: STRING });
const HELM_CHART = object({
  name: STRING, version: STRING, repo: STRING, releaseName: STRING, namespace: STRING, additionalValuesFiles: STRINGS, valuesFile: STRING, valuesInline: ANY,
  valuesMerge: STRING, includeCRDs: BOOLEAN, skipHooks: BOOLEAN, apiVersions: STRINGS, kubeVersion: STRING, nameTemplate: STRING, skipTests: BOOLEAN, debug: BOOLEAN, devel: BOOLEAN,
});

/** kustomize's Kustomization (sigs.k8s.io/kustomize/api types.Kustomization), decoded with unknown fields refused. */
const KUSTOMIZATION_SHAPE: FieldShape = object({
  apiVersion: STRING,
  kind: STRING,
  metadata: object({ name: STRING, namespace: STRING, labels: STRING_MAP, annotations: STRING_MAP }),
  openapi: STRING_MAP,
  namePrefix: STRING,
  nameSuffix: STRING,
  namespace: STRING,
  commonLabels: STRING_MAP,
  labels: listOf(object({ pairs: STRING_MAP, includeSelectors: BOOLEAN, includeTemplates: BOOLEAN, fields: listOf(FIELD_SPEC) })),
  commonAnnotations: STRING_MAP,
  patchesStrategicMerge: STRINGS,
  patchesJson6902: listOf(PATCH),
  patches: listOf(PATCH),
  images: listOf(IMAGE),
  imageTags: listOf(IMAGE),
  replacements: listOf(REPLACEMENT),
  replicas: listOf(object({ name: STRING, count: INTEGER })),
  vars: listOf(object({ name: STRING, objref: object({ ...GVK, apiVersion: STRING, name: STRING, namespace: STRING }), fieldref: object({ fieldPath: STRING }) })),
  sortOptions: object({ order: STRING, legacySortOptions: object({ orderFirst: STRINGS, orderLast: STRINGS }) }),
  resources: STRINGS,
  components: STRINGS,
  crds: STRINGS,
  bases: STRINGS,
  configMapGenerator: listOf(object(GENERATOR)),
  secretGenerator: listOf(object({ ...GENERATOR, type: STRING })),
  helmGlobals: object({ chartHome: STRING, configHome: STRING }),
  helmCharts: listOf(HELM_CHART),
  helmChartInflationGenerator: listOf(ANY),
  generatorOptions: GENERATOR_OPTIONS,
  configurations: STRINGS,
  generators: STRINGS,
  transformers: STRINGS,
  validators: STRINGS,
  buildMetadata: STRINGS,
});

const GROUP = 'kustomize.config.k8s.io';
const KINDS: Readonly<Record<string, string>> = { Kustomization: `${GROUP}/v1beta1`, Component: `${GROUP}/v1alpha1` };

/** Fields kustomize still reads but `kustomize edit fix` rewrites: what to use instead. */
const DEPRECATED: Readonly<Record<string, string>> = {
  bases: 'list the bases under resources',
  patchesStrategicMerge: 'list them under patches (path: or patch:)',
  patchesJson6902: 'list them under patches, with their target',
  commonLabels: 'use labels (with includeSelectors: true to keep changing selectors)',
  imageTags: 'use images',
  vars: 'use replacements',
  helmChartInflationGenerator: 'use helmCharts',
};

/** Problems `kustomize build` (kubectl kustomize) finds in a kustomization.yaml before building. */
export function kustomizationIssues(parsed: ParsedChunk): ChunkDiagnostic[] {
  const data = documentData(parsed);
  if (!data) return [];
  if (!isPlainObject(data.value)) {
    if (data.value === null || data.value === undefined) return [];
    const start = parsed.doc.contents?.range[0] ?? 0;
    return [{ range: chunkRange(parsed.lineCounter, start, start), severity: 'error', code: 'kustomize-not-a-mapping', message: 'A kustomization is a mapping of fields (resources, patches, ...): kustomize build refuses this file.' }];
  }
  const kustomization = data.value;
  const issues: Issue[] = [
    ...shapeIssues(kustomization, KUSTOMIZATION_SHAPE, {
      codes: {
        unknownField: { code: 'kustomize-unknown-field', severity: 'error' },
        invalidType: { code: 'kustomize-invalid-type', severity: 'error' },
        // kustomize's decoder refuses a number where a string belongs: a wrong type like any other.
        notAString: { code: 'kustomize-invalid-type', severity: 'error' },
      },
      tool: 'kustomize build',
      scalarsForStrings: 'refused',
      sourceOf: (path) => sourceText(parsed, path),
      unknownFieldConsequence: 'kustomize build refuses the file',
    }),
    ...identityIssues(kustomization),
  ];
  for (const [field, instead] of Object.entries(DEPRECATED)) {
    if (kustomization[field] !== undefined) issues.push({ path: [field], on: 'key', severity: 'warning', code: 'kustomize-deprecated-field', message: `${field} is deprecated: ${instead}. \`kustomize edit fix\` rewrites it.` });
  }
  if (Array.isArray(kustomization.patches)) {
    kustomization.patches.forEach((patch, index) => {
      if (!isPlainObject(patch)) return;
      const hasPath = typeof patch.path === 'string' && patch.path !== '';
      const hasPatch = typeof patch.patch === 'string' && patch.patch !== '';
      if (hasPath && hasPatch) issues.push({ path: ['patches', index, 'patch'], on: 'key', severity: 'error', code: 'kustomize-patch-source', message: 'A patch has either path or patch, not both: kustomize build refuses it.' });
      if (!hasPath && !hasPatch) issues.push({ path: ['patches', index], on: 'key', severity: 'error', code: 'kustomize-patch-source', message: 'This patch has neither path (a file) nor patch (inline text): kustomize build refuses it.' });
    });
  }
  return issueDiagnostics(parsed, issues);
}

function identityIssues(kustomization: Record<string, unknown>): Issue[] {
  const kind = kustomization.kind;
  const apiVersion = kustomization.apiVersion;
  // Both may be left out: kustomize takes such a file as a Kustomization.
  if (kind !== undefined && (typeof kind !== 'string' || KINDS[kind] === undefined)) {
    return [{ path: ['kind'], on: 'value', severity: 'error', code: 'kustomize-kind', message: `kind must be Kustomization or Component, not ${JSON.stringify(kind)}.`, data: { replacements: Object.keys(KINDS) } }];
  }
  const expected = KINDS[typeof kind === 'string' ? kind : 'Kustomization']!;
  if (apiVersion !== undefined && apiVersion !== expected) {
    const kindName = typeof kind === 'string' ? kind : 'Kustomization';
    return [{ path: ['apiVersion'], on: 'value', severity: 'error', code: 'kustomize-api-version', message: `The apiVersion of a ${kindName} is ${expected}, not ${JSON.stringify(apiVersion)}.`, data: { replacements: [expected] } }];
  }
  return [];
}
