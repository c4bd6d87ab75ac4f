/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1), as the apiserver validates one it creates
 * (apiextensions-apiserver pkg/apis/apiextensions/validation: ValidateCustomResourceDefinition):
 * the name is `<plural>.<group>`, the group a domain, the names DNS labels, exactly one storage
 * version, a schema for every version, and each schema structural (crdStructural.ts) and free of
 * what Kubernetes does not support (crdSchemaRules.ts). The v1 defaults come first, as there:
 * `singular` is the lower-cased kind, `listKind` the kind and "List", no conversion is None.
 * When every version has the same schema (or columns, or subresources) the apiserver validates
 * it once, under `spec.validation` (`spec.additionalPrinterColumns`, `spec.subresources`): the
 * messages name it so, the range is on the first version's.
 */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { schemaDefaultIssues } from './crdSchemaDefaults';
import { structuralIssues } from './crdStructural';
import { openApiSchemaIssues } from './crdSchemaRules';
import { childSite, indexSite, type Site } from './crdSchemaSite';
import { byteLength, dns1035LabelErrors, dnsSubdomainErrors } from './formats';
import { refusal, supported, type Path } from './refusal';

const SCOPES = ['Cluster', 'Namespaced'];
const STRATEGIES = ['None', 'Webhook'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const APPROVAL = 'api-approved.kubernetes.io';

export function customResourceDefinitionIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [];
  return [...nameIssues(object, spec), ...specIssues(spec), ...versionIssues(spec), ...conversionIssues(spec)];
}

function nameIssues(object: Obj, spec: Obj): Issue[] {
  const issues: Issue[] = [];
  const metadata = asObject(object.metadata);
  const names = asObject(spec.names);
  const required = `${asString(names?.plural) ?? ''}.${asString(spec.group) ?? ''}`;
  for (const key of ['name', 'generateName']) {
    const name = asString(metadata?.[key]);
    if (name !== undefined && name !== '' && name !== required) {
      issues.push(refusal({ code: 'crd-name-invalid', path: ['metadata', key], reason: 'Invalid value', value: name, detail: `must be spec.names.plural+"."+spec.group (${required})` }));
    }
  }
  const group = asString(spec.group);
  if (group !== undefined && group !== '' && isProtectedGroup(group)) {
    const annotations = asObject(metadata?.annotations);
    const approval = asString(annotations?.[APPROVAL]) ?? '';
    const at: Path = annotations && Object.hasOwn(annotations, APPROVAL) ? ['metadata', 'annotations', APPROVAL] : metadata ? ['metadata'] : [];
    if (approval === '') {
      issues.push(refusal({ code: 'crd-approval-required', path: at, on: 'key', field: `metadata.annotations[${APPROVAL}]`, reason: 'Required value', detail: `protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111` }));
    } else if (!approval.startsWith('unapproved') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]/.test(approval)) {
      issues.push(refusal({ code: 'crd-approval-required', path: at, field: `metadata.annotations[${APPROVAL}]`, reason: 'Invalid value', value: approval, detail: `protected groups must have approval annotation "${APPROVAL}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111` }));
    }
  }
  return issues;
}

/** Groups of the Kubernetes project itself, which need an API review's approval. */
function isProtectedGroup(group: string): boolean {
  return group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
}

/** A missing or empty field: Required, on its key when present, else on its parent's. */
function required(code: string, parent: Obj, at: Path, key: string, detail?: string): Issue {
  const present = Object.hasOwn(parent, key);
  return refusal({ code, path: present ? [...at, key] : at, on: 'key', field: [...at, key], reason: 'Required value', ...(detail ? { detail } : {}) });
}

function specIssues(spec: Obj): Issue[] {
  const issues: Issue[] = [];
  const at = ['spec'];
  const group = asString(spec.group);
  if (group === '') issues.push(required('crd-group-invalid', spec, at, 'group'));
  else if (group !== undefined) {
    const errors = dnsSubdomainErrors(group);
    if (errors.length > 0) issues.push(refusal({ code: 'crd-group-invalid', path: [...at, 'group'], reason: 'Invalid value', value: group, detail: errors.join(',') }));
    else if (group.split('.').length < 2) issues.push(refusal({ code: 'crd-group-invalid', path: [...at, 'group'], reason: 'Invalid value', value: group, detail: 'should be a domain with at least one dot' }));
  }
  const scope = asString(spec.scope);
  if (scope === '') issues.push(required('crd-scope-invalid', spec, at, 'scope'));
  else if (scope !== undefined && !SCOPES.includes(scope)) issues.push(refusal({ code: 'crd-scope-invalid', path: [...at, 'scope'], reason: 'Unsupported value', value: scope, detail: supported(SCOPES) }));
  const names = asObject(spec.names);
  if (names) issues.push(...namesIssues(names, [...at, 'names']));
  if (spec.preserveUnknownFields === true) {
    issues.push(refusal({ code: 'crd-schema-invalid', path: [...at, 'preserveUnknownFields'], reason: 'Invalid value', value: true, detail: 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead' }));
  }
  return issues;
}

function namesIssues(names: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  const kind = asString(names.kind) ?? '';
  for (const key of ['plural', 'kind']) if (names[key] === '' || names[key] === undefined) issues.push(required('crd-names-invalid', names, at, key));
  const label = (key: string, value: string, lower: boolean, path: Path = [...at, key]): void => {
    const errors = dns1035LabelErrors(lower ? value.toLowerCase() : value);
    if (errors.length > 0) issues.push(refusal({ code: 'crd-names-invalid', path, reason: 'Invalid value', value, detail: `${lower ? 'may have mixed case, but should otherwise match: ' : ''}${errors.join(',')}` }));
  };
  for (const [key, lower] of [['plural', false], ['singular', false], ['kind', true], ['listKind', true]] as const) {
    const value = asString(names[key]);
    if (value) label(key, value, lower);
  }
  for (const key of ['shortNames', 'categories']) {
    asArray(names[key]).forEach((item, index) => {
      const value = asString(item);
      if (value !== undefined) label(key, value, false, [...at, key, index]);
    });
  }
  if (kind !== '' && asString(names.listKind) === kind) issues.push(refusal({ code: 'crd-names-invalid', path: [...at, 'listKind'], reason: 'Invalid value', value: kind, detail: 'kind and listKind may not be the same' }));
  return issues;
}

/** JSON equality, the order of keys aside: whether two versions say the same thing. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson((a as Obj)[k], (b as Obj)[k]));
}

/** Whether every version has the same value of `key` (absent counts as a value), so the apiserver hoists it. */
function identical(versions: readonly Obj[], key: string): boolean {
  return versions.length > 0 && versions.every((v) => sameJson(v[key], versions[0]![key]));
}

function versionIssues(spec: Obj): Issue[] {
  const issues: Issue[] = [];
  const list = asArray(spec.versions);
  const versions = list.map((v) => asObject(v) ?? {});
  const seen = new Set<string>();
  let storage = 0;
  versions.forEach((version, i) => {
    const at: Path = ['spec', 'versions', i];
    const name = asString(version.name);
    if (version.storage === true) storage++;
    if (name !== undefined) {
      if (seen.has(name)) issues.push(refusal({ code: 'crd-versions-invalid', path: [...at, 'name'], field: 'spec.versions', reason: 'Invalid value', value: name, detail: 'must contain unique version names' }));
      seen.add(name);
      const errors = dns1035LabelErrors(name);
      if (errors.length > 0) issues.push(refusal({ code: 'crd-versions-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: errors.join(',') }));
    }
    issues.push(...deprecationWarningIssues(version, at));
    const openApi = asObject(asObject(version.schema)?.openAPIV3Schema);
    if (!openApi) {
      const schema = asObject(version.schema);
      issues.push(schema ? required('crd-schema-required', schema, [...at, 'schema'], 'openAPIV3Schema') : refusal({ code: 'crd-schema-required', path: at, on: 'key', field: [...at, 'schema', 'openAPIV3Schema'], reason: 'Required value' }));
    }
  });
  if (list.length > 0 && storage !== 1) {
    issues.push(refusal({ code: 'crd-versions-invalid', path: ['spec', 'versions'], on: 'key', field: 'spec.versions', reason: 'Invalid value', detail: `must have exactly one version marked as storage version (${storage} are)` }));
  }
  issues.push(...perVersion(versions, 'schema', 'validation', (version, site) => {
    const openApi = asObject(asObject(version.schema)?.openAPIV3Schema);
    if (!openApi) return [];
    const schemaSite = childSite(site, 'openAPIV3Schema');
    const structural = structuralIssues(openApi, schemaSite);
    // The apiserver checks defaults only in a structural schema.
    return [...structural, ...openApiSchemaIssues(openApi, schemaSite), ...(structural.length === 0 ? schemaDefaultIssues(openApi, schemaSite) : [])];
  }));
  issues.push(...perVersion(versions, 'subresources', 'subresources', (version, site) => scaleIssues(asObject(asObject(version.subresources)?.scale), childSite(site, 'scale'))));
  issues.push(...perVersion(versions, 'additionalPrinterColumns', 'additionalPrinterColumns', (version, site) =>
    asArray(version.additionalPrinterColumns).flatMap((column, i) => columnIssues(asObject(column), { doc: [...site.doc, i], api: `${site.api}[${i}]` })),
  ));
  return issues;
}

/**
 * Checks `key` of every version, named as the apiserver names it: once, as `spec.<hoisted>`, when
 * every version has the same value; else per version.
 */
function perVersion(versions: readonly Obj[], key: string, hoisted: string, check: (version: Obj, site: Site) => Issue[]): Issue[] {
  if (identical(versions, key)) return check(versions[0]!, { doc: ['spec', 'versions', 0, key], api: `spec.${hoisted}` });
  return versions.flatMap((version, i) => check(version, childSite(indexSite({ doc: ['spec'], api: 'spec' }, 'versions', i), key)));
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

function deprecationWarningIssues(version: Obj, at: Path): Issue[] {
  const warning = asString(version.deprecationWarning);
  if (warning === undefined) return [];
  const fail = (detail: string): Issue => refusal({ code: 'crd-versions-invalid', path: [...at, 'deprecationWarning'], reason: 'Invalid value', value: warning, detail });
  if (version.deprecated !== true) return [fail('can only be set for deprecated versions')];
  const issues: Issue[] = [];
  if (byteLength(warning) > 256) issues.push(fail('must be <= 256 characters long'));
  if (warning === '') issues.push(fail('must not be an empty string'));
  if (!PRINTABLE.test(warning)) issues.push(fail('must only contain printable UTF-8 characters'));
  return issues;
}

function simplePathIssues(value: string, site: Site, code: string): Issue[] {
  if (value === '') return [refusal({ code, path: site.doc, field: site.api, reason: 'Invalid value', value, detail: 'must not be empty' })];
  if (!value.startsWith('.')) return [refusal({ code, path: site.doc, field: site.api, reason: 'Invalid value', value, detail: 'must be a simple json path starting with .' })];
  return [];
}

function scaleIssues(scale: Obj | undefined, site: Site): Issue[] {
  if (!scale) return [];
  const issues: Issue[] = [];
  const paths: readonly (readonly [string, readonly string[], string])[] = [
    ['specReplicasPath', ['.spec.'], 'should be a json path under .spec'],
    ['statusReplicasPath', ['.status.'], 'should be a json path under .status'],
    ['labelSelectorPath', ['.spec.', '.status.'], 'should be a json path under either .spec or .status'],
  ];
  for (const [key, prefixes, detail] of paths) {
    const value = asString(scale[key]) ?? '';
    const at = childSite(site, key);
    if (value === '') {
      if (key !== 'labelSelectorPath') issues.push(refusal({ code: 'crd-subresources-invalid', path: Object.hasOwn(scale, key) ? at.doc : site.doc, on: 'key', field: at.api, reason: 'Required value' }));
      continue;
    }
    const pathIssues = simplePathIssues(value, at, 'crd-subresources-invalid');
    if (pathIssues.length > 0) issues.push(...pathIssues);
    else if (!prefixes.some((p) => value.startsWith(p))) issues.push(refusal({ code: 'crd-subresources-invalid', path: at.doc, field: at.api, reason: 'Invalid value', value, detail }));
  }
  return issues;
}

function columnIssues(column: Obj | undefined, site: Site): Issue[] {
  if (!column) return [];
  const issues: Issue[] = [];
  const requiredHere = (key: string, api: string, detail?: string): Issue =>
    refusal({ code: 'crd-printer-column-invalid', path: Object.hasOwn(column, key) ? [...site.doc, key] : site.doc, on: 'key', field: `${site.api}.${api}`, reason: 'Required value', ...(detail ? { detail } : {}) });
  if (!asString(column.name)) issues.push(requiredHere('name', 'name'));
  const type = asString(column.type) ?? '';
  const types = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (type === '') issues.push(requiredHere('type', 'type', types));
  else if (!COLUMN_TYPES.includes(type)) issues.push(refusal({ code: 'crd-printer-column-invalid', path: [...site.doc, 'type'], field: `${site.api}.type`, reason: 'Invalid value', value: type, detail: types }));
  const format = asString(column.format) ?? '';
  if (format !== '' && !COLUMN_FORMATS.includes(format)) {
    issues.push(refusal({ code: 'crd-printer-column-invalid', path: [...site.doc, 'format'], field: `${site.api}.format`, reason: 'Invalid value', value: format, detail: `must be one of ${COLUMN_FORMATS.join(',')}` }));
  }
  const jsonPath = asString(column.jsonPath) ?? '';
  if (jsonPath === '') issues.push(requiredHere('jsonPath', 'JSONPath'));
  else issues.push(...simplePathIssues(jsonPath, { doc: [...site.doc, 'jsonPath'], api: `${site.api}.JSONPath` }, 'crd-printer-column-invalid'));
  return issues;
}

/** spec.conversion (v1 nests the webhook's settings under `webhook`; the apiserver names them as its internal type does). */
function conversionIssues(spec: Obj): Issue[] {
  const conversion = asObject(spec.conversion);
  if (!conversion) return [];
  const at: Path = ['spec', 'conversion'];
  const issues: Issue[] = [];
  const strategy = asString(conversion.strategy);
  if (strategy === '') issues.push(required('crd-conversion-invalid', conversion, at, 'strategy'));
  else if (strategy !== undefined && !STRATEGIES.includes(strategy)) issues.push(refusal({ code: 'crd-conversion-invalid', path: [...at, 'strategy'], reason: 'Unsupported value', value: strategy, detail: supported(STRATEGIES) }));
  const webhook = asObject(conversion.webhook);
  const clientConfig = asObject(webhook?.clientConfig);
  const reviewVersions = asArray(webhook?.conversionReviewVersions);
  const webhookAt: Path = webhook ? [...at, 'webhook'] : at;
  if (strategy === 'Webhook') {
    if (!clientConfig) {
      issues.push(refusal({ code: 'crd-conversion-invalid', path: webhookAt, on: 'key', field: 'spec.conversion.webhookClientConfig', reason: 'Required value', detail: 'required when strategy is set to Webhook' }));
    } else if ((clientConfig.url === undefined) === (clientConfig.service === undefined)) {
      issues.push(refusal({ code: 'crd-conversion-invalid', path: [...webhookAt, 'clientConfig'], on: 'key', field: 'spec.conversion.webhookClientConfig', reason: 'Required value', detail: 'exactly one of url or service is required' }));
    }
    if (reviewVersions.length === 0) {
      issues.push(refusal({ code: 'crd-conversion-invalid', path: webhookAt, on: 'key', field: 'spec.conversion.conversionReviewVersions', reason: 'Required value' }));
    } else {
      const seen = new Set<unknown>();
      reviewVersions.forEach((item, i) => {
        const path = [...webhookAt, 'conversionReviewVersions', i];
        if (seen.has(item)) {
          issues.push(refusal({ code: 'crd-conversion-invalid', path, field: `spec.conversion.conversionReviewVersions[${i}]`, reason: 'Invalid value', value: item, detail: 'duplicate version' }));
          return;
        }
        seen.add(item);
        const version = asString(item);
        if (version !== undefined) for (const error of dns1035LabelErrors(version)) issues.push(refusal({ code: 'crd-conversion-invalid', path, field: `spec.conversion.conversionReviewVersions[${i}]`, reason: 'Invalid value', value: version, detail: error }));
      });
      if (!reviewVersions.some((v) => typeof v === 'string' && REVIEW_VERSIONS.includes(v))) {
        issues.push(refusal({ code: 'crd-conversion-invalid', path: [...webhookAt, 'conversionReviewVersions'], field: 'spec.conversion.conversionReviewVersions', reason: 'Invalid value', value: reviewVersions, detail: `must include at least one of ${REVIEW_VERSIONS.join(', ')}` }));
      }
    }
  } else if (strategy !== undefined && strategy !== '') {
    if (clientConfig) issues.push(refusal({ code: 'crd-conversion-invalid', path: [...webhookAt, 'clientConfig'], on: 'key', field: 'spec.conversion.webhookClientConfig', reason: 'Forbidden', detail: 'should not be set when strategy is not set to Webhook' }));
    if (reviewVersions.length > 0) issues.push(refusal({ code: 'crd-conversion-invalid', path: [...webhookAt, 'conversionReviewVersions'], on: 'key', field: 'spec.conversion.conversionReviewVersions', reason: 'Forbidden', detail: 'should not be set when strategy is not set to Webhook' }));
  }
  return issues;
}
