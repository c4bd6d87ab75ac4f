import type { ChunkDiagnostic } from '../validate/analyzeChunk';
import type { Issue } from '../validate/issue';
import { chunkRange, type ParsedChunk, type PathSegment } from '../yaml/parseChunk';
import { ANY, BOOLEAN, listOf, object, shapeIssues, STRING, STRING_MAP, STRINGS, type FieldShape } from './fieldShapes';
import { documentData, isPlainObject, issueDiagnostics, sourceText } from './fileIssues';
import { isLenientSemVer, isSemVerRange, isStrictSemVer } from './semver';

/** Helm's chart metadata (helm.sh/helm pkg/chart/v2 Metadata, Maintainer, Dependency). */
const CHART_SHAPE: FieldShape = object({
  apiVersion: STRING,
  name: STRING,
  version: STRING,
  kubeVersion: STRING,
  description: STRING,
  type: STRING,
  keywords: STRINGS,
  home: STRING,
  sources: STRINGS,
  dependencies: listOf(
    object({ name: STRING, version: STRING, repository: STRING, condition: STRING, tags: STRINGS, enabled: BOOLEAN, 'import-values': listOf(ANY), alias: STRING }),
  ),
  maintainers: listOf(object({ name: STRING, email: STRING, url: STRING })),
  icon: STRING,
  appVersion: STRING,
  deprecated: BOOLEAN,
  annotations: STRING_MAP,
  // Fields of Chart.yaml v1 that Helm still reads.
  condition: STRING,
  tags: STRING,
});

/** `helm create`'s rule for chart names; Helm itself only refuses names that are paths. */
const CHART_NAME_CONVENTION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ALIAS = /^[a-zA-Z0-9_-]+$/;
const URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Where `helm dependency update` fetches from: a repository URL, an OCI registry, a folder, or a repository added by name. */
const REPOSITORY = /^(?:(?:https?|oci):\/\/\S+|file:\/\/\S*|@\S+|alias:\S+)$/;

/** Problems Helm (loading or linting the chart) finds in a Chart.yaml. */
export function chartYamlIssues(parsed: ParsedChunk): ChunkDiagnostic[] {
  const data = documentData(parsed);
  if (!data) return [];
  if (!isPlainObject(data.value)) {
    const contents = parsed.doc.contents?.range;
    return [
      {
        range: chunkRange(parsed.lineCounter, contents?.[0] ?? 0, contents?.[0] ?? 0),
        severity: 'error',
        code: 'chart-not-a-mapping',
        message: 'Chart.yaml must be a mapping with apiVersion, name and version: Helm cannot load this chart.',
      },
    ];
  }
  const chart = data.value;
  const issues: Issue[] = [
    ...shapeIssues(chart, CHART_SHAPE, {
      codes: {
        unknownField: { code: 'chart-unknown-field', severity: 'warning' },
        invalidType: { code: 'chart-invalid-type', severity: 'error' },
        notAString: { code: 'chart-not-a-string', severity: 'warning' },
      },
      tool: 'Helm',
      scalarsForStrings: 'converted',
      unknownFieldConsequence: 'Helm ignores it, and `helm lint` warns',
      sourceOf: (path) => sourceText(parsed, path),
    }),
    ...metadataIssues(chart),
  ];
  return issueDiagnostics(parsed, issues);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function missing(field: string, where: PathSegment[] = [], what = 'Chart.yaml'): Issue {
  return { path: where, on: 'key', severity: 'error', code: 'chart-missing-field', message: `${what} has no ${field}: Helm cannot load the chart without it.`, data: { insertField: { name: field, placeholder: '""' } } };
}

function metadataIssues(chart: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const apiVersion = text(chart.apiVersion);
  if (apiVersion === undefined || apiVersion === '') issues.push(missing('apiVersion'));
  else if (apiVersion !== 'v1' && apiVersion !== 'v2') {
    issues.push({ path: ['apiVersion'], on: 'value', severity: 'error', code: 'chart-api-version', message: `apiVersion must be v2 (or v1 for Helm 2 charts), not "${apiVersion}".`, data: { replacements: ['v2'] } });
  }

  const name = text(chart.name);
  if (name === undefined || name === '') issues.push(missing('name'));
  else if (name === '.' || name === '..' || /[/\\]/.test(name)) {
    issues.push({ path: ['name'], on: 'value', severity: 'error', code: 'chart-invalid-name', message: `The chart name "${name}" is a path, not a name: Helm refuses it.` });
  } else if (!CHART_NAME_CONVENTION.test(name)) {
    issues.push({ path: ['name'], on: 'value', severity: 'warning', code: 'chart-name-convention', message: `Chart names are lowercase letters, digits and dashes, starting and ending with a letter or digit; "${name}" is not.` });
  }

  const version = text(chart.version);
  if (version === undefined || version === '') issues.push(missing('version'));
  else if (!isLenientSemVer(version)) {
    issues.push({ path: ['version'], on: 'value', severity: 'error', code: 'chart-invalid-version', message: `version "${version}" is not a semantic version (such as 1.2.0): Helm cannot load the chart.` });
  } else if (!isStrictSemVer(version)) {
    issues.push({ path: ['version'], on: 'value', severity: 'warning', code: 'chart-version-not-semver2', message: `version "${version}" is not strict SemVer 2 (MAJOR.MINOR.PATCH, such as 1.2.0): Helm reads it, but \`helm lint\` warns and repositories may sort it wrongly.` });
  }

  const type = text(chart.type);
  if (type !== undefined && type !== '' && type !== 'application' && type !== 'library') {
    issues.push({ path: ['type'], on: 'value', severity: 'error', code: 'chart-type', message: `type must be application or library, not "${type}".`, data: { replacements: ['application', 'library'] } });
  }
  if (apiVersion === 'v1') {
    for (const field of ['type', 'dependencies'] as const) {
      if (chart[field] !== undefined) issues.push({ path: [field], on: 'key', severity: 'error', code: 'chart-v2-only', message: `${field} is only valid in apiVersion v2 charts: this chart is v1.` });
    }
  }

  const kubeVersion = text(chart.kubeVersion);
  if (kubeVersion !== undefined && kubeVersion !== '' && !isSemVerRange(kubeVersion)) {
    issues.push({ path: ['kubeVersion'], on: 'value', severity: 'error', code: 'chart-kube-version', message: `kubeVersion "${kubeVersion}" is not a version range (such as ">=1.25.0-0"): Helm cannot check it.` });
  }

  if (typeof chart.icon === 'string' && chart.icon !== '' && !URL.test(chart.icon)) {
    issues.push({ path: ['icon'], on: 'value', severity: 'error', code: 'chart-invalid-url', message: `icon "${chart.icon}" is not a URL: \`helm lint\` refuses it.` });
  }
  if (typeof chart.home === 'string' && chart.home !== '' && !URL.test(chart.home)) {
    issues.push({ path: ['home'], on: 'value', severity: 'warning', code: 'chart-invalid-url', message: `home "${chart.home}" is not a URL.` });
  }
  if (Array.isArray(chart.sources)) {
    chart.sources.forEach((source, index) => {
      if (typeof source === 'string' && !URL.test(source)) issues.push({ path: ['sources', index], on: 'value', severity: 'error', code: 'chart-invalid-url', message: `The source "${source}" is not a URL: \`helm lint\` refuses it.` });
    });
  }
  if (Array.isArray(chart.maintainers)) chart.maintainers.forEach((m, index) => issues.push(...maintainerIssues(m, index)));
  if (Array.isArray(chart.dependencies)) issues.push(...dependencyIssues(chart.dependencies));
  return issues;
}

function maintainerIssues(maintainer: unknown, index: number): Issue[] {
  const path: PathSegment[] = ['maintainers', index];
  if (maintainer === null || maintainer === undefined) return [{ path, on: 'value', severity: 'error', code: 'chart-empty-entry', message: 'This maintainer entry is empty: Helm refuses the chart.' }];
  if (!isPlainObject(maintainer)) return [];
  const issues: Issue[] = [];
  if (typeof maintainer.name !== 'string' || maintainer.name === '') issues.push({ ...missing('name', path, 'This maintainer'), message: 'This maintainer has no name: `helm lint` requires one.' });
  if (typeof maintainer.email === 'string' && maintainer.email !== '' && !EMAIL.test(maintainer.email)) {
    issues.push({ path: [...path, 'email'], on: 'value', severity: 'error', code: 'chart-invalid-email', message: `"${maintainer.email}" is not an email address.` });
  }
  if (typeof maintainer.url === 'string' && maintainer.url !== '' && !URL.test(maintainer.url)) {
    issues.push({ path: [...path, 'url'], on: 'value', severity: 'error', code: 'chart-invalid-url', message: `The maintainer's url "${maintainer.url}" is not a URL.` });
  }
  return issues;
}

function dependencyIssues(dependencies: readonly unknown[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  dependencies.forEach((dependency, index) => {
    const path: PathSegment[] = ['dependencies', index];
    if (dependency === null || dependency === undefined) {
      issues.push({ path, on: 'value', severity: 'error', code: 'chart-empty-entry', message: 'This dependency entry is empty: Helm refuses the chart.' });
      return;
    }
    if (!isPlainObject(dependency)) return;
    const name = text(dependency.name);
    if (name === undefined || name === '') issues.push({ ...missing('name', path, 'This dependency'), message: 'This dependency has no name: name the chart it depends on.' });
    const version = text(dependency.version);
    if (version !== undefined && version !== '' && !isSemVerRange(version)) {
      issues.push({ path: [...path, 'version'], on: 'value', severity: 'error', code: 'chart-dependency-version', message: `The dependency version "${version}" is not a version or range (such as 1.2.3, ^1.2 or ~1.2.0).` });
    }
    const repository = text(dependency.repository);
    if (repository !== undefined && repository !== '' && !REPOSITORY.test(repository)) {
      issues.push({ path: [...path, 'repository'], on: 'value', severity: 'warning', code: 'chart-dependency-repository', message: `The repository "${repository}" is not a URL (https://, oci://, file://) or a repository name (@name): \`helm dependency update\` cannot fetch from it.` });
    }
    const alias = text(dependency.alias);
    if (alias !== undefined && alias !== '' && !ALIAS.test(alias)) {
      issues.push({ path: [...path, 'alias'], on: 'value', severity: 'error', code: 'chart-dependency-alias', message: `The alias "${alias}" may only hold letters, digits, '_' and '-': Helm refuses the chart.` });
    }
    const importValues = dependency['import-values'];
    if (Array.isArray(importValues)) {
      importValues.forEach((entry, at) => {
        const ok = typeof entry === 'string' || (isPlainObject(entry) && typeof entry.child === 'string' && typeof entry.parent === 'string');
        if (!ok) issues.push({ path: [...path, 'import-values', at], on: 'value', severity: 'error', code: 'chart-invalid-type', message: 'Each import-values entry is a key of the subchart\'s exports (a string) or a mapping with child and parent.' });
      });
    }
    const key = alias || name;
    if (key) {
      const first = seen.get(key);
      if (first !== undefined) issues.push({ path: [...path, alias ? 'alias' : 'name'], on: 'value', severity: 'error', code: 'chart-duplicate-dependency', message: `More than one dependency is named "${key}" (dependency ${first + 1} too): give one an alias.` });
      else seen.set(key, index);
    }
  });
  return issues;
}
