/**
 * The structural-schema rules a CRD's openAPIV3Schema must meet (apiextensions-apiserver
 * pkg/apiserver/schema: validation.go and complete.go): every field and item has a type (unless
 * it is int-or-string or preserves unknown fields), value validations under anyOf/allOf/oneOf/not
 * only restrict values and name only fields declared outside them, metadata at the root
 * restricts at most name and generateName, embedded resources are objects. The apiserver checks
 * them only when the schema converts at all (no `$ref`, `id`, `definitions`...: those are
 * refused by crdSchemaRules.ts instead), and so do these.
 */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { childSite, indexSite, keySite, schemaField, type Site } from './crdSchemaSite';
import { refusal } from './refusal';

type Level = 'root' | 'item' | 'field';

const EMPTY_TYPE: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

export function structuralIssues(root: Obj, site: Site): Issue[] {
  if (!converts(root, 0)) return [];
  return [...invariants(root, 'root', site, 0), ...completeness(root, site)];
}

const MAX_DEPTH = 64;

/** What apiextensions' NewStructural refuses (it reports those itself, then checks nothing structural). */
function converts(node: Obj, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  if (asString(node.id) || asString(node.$schema) || typeof node.$ref === 'string' || node.additionalItems !== undefined) return false;
  for (const key of ['patternProperties', 'dependencies', 'definitions']) if (Object.keys(asObject(node[key]) ?? {}).length > 0) return false;
  if (asArray(node.items).length > 0 || node['x-kubernetes-preserve-unknown-fields'] === false) return false;
  const child = (value: unknown): boolean => {
    const schema = asObject(value);
    return !schema || converts(schema, depth + 1);
  };
  if (!child(node.items) || !child(node.additionalProperties) || !child(node.not)) return false;
  const properties = asObject(node.properties);
  if (properties) for (const key in properties) if (Object.hasOwn(properties, key) && !child(properties[key])) return false;
  return ['allOf', 'anyOf', 'oneOf'].every((keyword) => asArray(node[keyword]).every(child));
}

function typeOf(node: Obj): string {
  return asString(node.type) ?? '';
}

function invariants(node: Obj, level: Level, site: Site, depth: number): Issue[] {
  if (depth > MAX_DEPTH) return [];
  const issues: Issue[] = [];
  const fail = (key: string | undefined, reason: 'Required value' | 'Invalid value' | 'Forbidden', detail: string, value?: unknown): void => {
    issues.push(refusal(schemaField(node, site, key, { code: 'crd-schema-not-structural', reason, detail, ...(value !== undefined ? { value } : {}) })));
  };
  const type = typeOf(node);
  const items = asObject(node.items);
  if (type === 'array' && node.items === undefined) fail('items', 'Required value', 'must be specified');
  if (items) issues.push(...invariants(items, 'item', childSite(site, 'items'), depth + 1));
  const properties = asObject(node.properties) ?? {};
  for (const [name, child] of Object.entries(properties)) {
    const property = asObject(child);
    if (property) issues.push(...invariants(property, 'field', keySite(site, 'properties', name), depth + 1));
  }
  const additional = node.additionalProperties;
  if (additional !== undefined) {
    if (level === 'root') fail('additionalProperties', 'Forbidden', 'must not be used at the root');
    const schema = asObject(additional);
    if (schema) issues.push(...invariants(schema, 'field', childSite(site, 'additionalProperties'), depth + 1));
  }
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve) fail('x-kubernetes-preserve-unknown-fields', 'Invalid value', 'must be false if x-kubernetes-int-or-string is true', true);
  if (intOrString && embedded) fail('x-kubernetes-embedded-resource', 'Invalid value', 'must be false if x-kubernetes-int-or-string is true', true);
  issues.push(...valueValidations(node, intOrStringAnyOf(node.anyOf), intOrStringAnyOf(asObject(asArray(node.allOf)[0])?.anyOf), site, depth));
  if (embedded && type !== 'object') {
    if (type === '') fail('type', 'Required value', 'must be object if x-kubernetes-embedded-resource is true');
    else fail('type', 'Invalid value', 'must be object if x-kubernetes-embedded-resource is true', type);
  } else if (type === '' && !intOrString && !preserve) fail('type', 'Required value', EMPTY_TYPE[level]);
  if (embedded && additional !== undefined) fail('additionalProperties', 'Forbidden', 'must not be used if x-kubernetes-embedded-resource is set');
  if (level === 'root' && type !== '' && type !== 'object') fail('type', 'Invalid value', 'must be object at the root', type);
  const checkMetadata = level === 'root' || embedded;
  if (checkMetadata) {
    for (const name of ['kind', 'apiVersion']) {
      const property = asObject(properties[name]);
      if (property && typeOf(property) !== 'string') issues.push(refusal(schemaField(property, keySite(site, 'properties', name), 'type', { code: 'crd-schema-not-structural', reason: 'Invalid value', value: typeOf(property), detail: 'must be string' })));
    }
  }
  const metadata = asObject(properties.metadata);
  if (metadata) issues.push(...metadataInvariants(metadata, checkMetadata, level, keySite(site, 'properties', 'metadata')));
  if (embedded && !preserve && Object.keys(properties).length === 0) {
    fail('properties', 'Required value', 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields');
  }
  return issues;
}

/** `anyOf: [{type: integer}, {type: string}]`, the int-or-string pattern structural schemas allow. */
function intOrStringAnyOf(value: unknown): boolean {
  const branches = asArray(value);
  return branches.length === 2 && onlyType(branches[0], 'integer') && onlyType(branches[1], 'string');
}

function onlyType(value: unknown, type: string): boolean {
  const branch = asObject(value);
  return branch !== undefined && branch.type === type && Object.entries(branch).every(([key, v]) => key === 'type' || isZero(key, v));
}

/** Keys whose empty list the conversion drops (it appends item by item); other empty lists stay and count. */
const DROPPED_WHEN_EMPTY = new Set(['enum', 'allOf', 'anyOf', 'oneOf']);

/** A value the structural conversion leaves at Go's zero value, so that a comparison with an empty schema ignores it. */
function isZero(key: string, value: unknown): boolean {
  return value === false || value === '' || value === undefined || (DROPPED_WHEN_EMPTY.has(key) && Array.isArray(value) && value.length === 0);
}

/** The anyOf/allOf/oneOf/not of a node: value validations, which may not declare anything. */
function valueValidations(node: Obj, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, site: Site, depth: number): Issue[] {
  const issues: Issue[] = [];
  if (!skipAnyOf) asArray(node.anyOf).forEach((branch, i) => issues.push(...nested(asObject(branch), false, false, indexSite(site, 'anyOf', i), depth + 1)));
  asArray(node.allOf).forEach((branch, i) => issues.push(...nested(asObject(branch), skipFirstAllOfAnyOf && i === 0, false, indexSite(site, 'allOf', i), depth + 1)));
  asArray(node.oneOf).forEach((branch, i) => issues.push(...nested(asObject(branch), false, false, indexSite(site, 'oneOf', i), depth + 1)));
  issues.push(...nested(asObject(node.not), false, false, childSite(site, 'not'), depth + 1));
  return issues;
}

const MUST_BE_EMPTY: readonly (readonly [string, (v: unknown) => boolean, string])[] = [
  ['type', (v) => typeof v === 'string' && v !== '', 'must be empty to be structural'],
  ['default', (v) => v !== undefined && v !== null, 'must be undefined to be structural'],
  ['title', (v) => typeof v === 'string' && v !== '', 'must be empty to be structural'],
  ['description', (v) => typeof v === 'string' && v !== '', 'must be empty to be structural'],
  ['nullable', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-int-or-string', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', (v) => asArray(v).length > 0, 'must be empty to be structural'],
  ['x-kubernetes-list-type', (v) => typeof v === 'string', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', (v) => typeof v === 'string', 'must be undefined to be structural'],
  ['x-kubernetes-validations', (v) => asArray(v).length > 0, 'must be empty to be structural'],
];

function nested(node: Obj | undefined, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, site: Site, depth: number): Issue[] {
  if (!node || depth > MAX_DEPTH) return [];
  const issues = valueValidations(node, skipAnyOf, skipFirstAllOfAnyOf, site, depth);
  const items = asObject(node.items);
  if (items) issues.push(...nested(items, false, false, childSite(site, 'items'), depth + 1));
  const properties = asObject(node.properties) ?? {};
  for (const [name, child] of Object.entries(properties)) issues.push(...nested(asObject(child), false, false, keySite(site, 'properties', name), depth + 1));
  const forbid = (key: string, detail: string): void => {
    issues.push(refusal(schemaField(node, site, key, { code: 'crd-schema-not-structural', reason: 'Forbidden', detail })));
  };
  for (const [key, specified, detail] of MUST_BE_EMPTY) if (specified(node[key])) forbid(key, detail);
  // `additionalProperties: false` says nothing (Go keeps no schema for it); true or a schema declares.
  const additional = node.additionalProperties;
  if (additional === true || asObject(additional)) forbid('additionalProperties', 'must be undefined to be structural');
  if (Object.hasOwn(properties, 'metadata')) issues.push(refusal(schemaField(properties, keySite(site, 'properties', 'metadata'), undefined, { code: 'crd-schema-not-structural', reason: 'Forbidden', detail: 'must not be specified in a nested context' })));
  return issues;
}

/** Keys of a root `metadata` schema that make it say more than name and generateName. */
function specified(key: string, value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  // An empty list counts where Go keeps it (`required: []`), not where the conversion drops it.
  if (Array.isArray(value)) return value.length > 0 || !DROPPED_WHEN_EMPTY.has(key);
  if (key === 'properties') return Object.keys(asObject(value) ?? {}).length > 0;
  return true;
}

function metadataInvariants(metadata: Obj, checkMetadata: boolean, level: Level, site: Site): Issue[] {
  const issues: Issue[] = [];
  if (checkMetadata && typeOf(metadata) !== 'object') {
    issues.push(refusal(schemaField(metadata, site, 'type', { code: 'crd-schema-not-structural', reason: 'Invalid value', value: typeOf(metadata), detail: 'must be object' })));
  }
  if (level !== 'root') return issues;
  const properties = Object.keys(asObject(metadata.properties) ?? {});
  const onlyNames = properties.length > 0 && properties.length <= 2 && properties.every((p) => p === 'name' || p === 'generateName');
  const extra = Object.entries(metadata).some(([key, value]) => key !== 'type' && key !== 'default' && !(key === 'properties' && onlyNames) && specified(key, value));
  if (extra) {
    issues.push(refusal(schemaField(metadata, site, undefined, { code: 'crd-schema-not-structural', reason: 'Forbidden', detail: 'must not specify anything other than name and generateName, but metadata is implicitly specified' })));
  }
  return issues;
}

/**
 * complete.go: what the root's value validations say of a field or of items must be declared
 * outside them too. (The apiserver checks only the root's value validations for this.)
 */
function completeness(root: Obj, site: Site): Issue[] {
  const issues: Issue[] = [];
  const own = (v: Obj, s: Obj | undefined, sSite: Site, vSite: Site, depth: number): void => {
    asArray(v.allOf).forEach((b, i) => inner(asObject(b), s, sSite, indexSite(vSite, 'allOf', i), depth + 1));
    asArray(v.anyOf).forEach((b, i) => inner(asObject(b), s, sSite, indexSite(vSite, 'anyOf', i), depth + 1));
    asArray(v.oneOf).forEach((b, i) => inner(asObject(b), s, sSite, indexSite(vSite, 'oneOf', i), depth + 1));
    inner(asObject(v.not), s, sSite, childSite(vSite, 'not'), depth + 1);
  };
  const inner = (v: Obj | undefined, s: Obj | undefined, sSite: Site, vSite: Site, depth: number): void => {
    if (!v || depth > MAX_DEPTH) return;
    if (!s) {
      issues.push(missing(vSite, sSite));
      return;
    }
    own(v, s, sSite, vSite, depth);
    const items = asObject(v.items);
    if (items) inner(items, asObject(s.items), childSite(sSite, 'items'), childSite(vSite, 'items'), depth + 1);
    const declared = asObject(s.properties) ?? {};
    for (const [name, child] of Object.entries(asObject(v.properties) ?? {})) {
      const vChild = keySite(vSite, 'properties', name);
      const sChild = keySite(sSite, 'properties', name);
      if (!Object.hasOwn(declared, name)) issues.push(missing(vChild, sChild));
      else inner(asObject(child), asObject(declared[name]), sChild, vChild, depth + 1);
    }
  };
  own(root, root, site, site, 0);
  return issues;
}

/** A value validation naming what the structure lacks: the range on the validation, the apiserver's path on the structure. */
function missing(vSite: Site, sSite: Site): Issue {
  return refusal(schemaField({}, { doc: vSite.doc, api: sSite.api }, undefined, { code: 'crd-schema-not-structural', reason: 'Required value', detail: `because it is defined in ${vSite.api}` }));
}
