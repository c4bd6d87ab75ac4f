/**
 * What the apiserver's CRD validation refuses in an openAPIV3Schema node by node
 * (apiextensions-apiserver pkg/apis/apiextensions/validation: ValidateCustomResourceDefinition
 * OpenAPISchema and specStandardValidatorV3): JSON-schema keywords Kubernetes does not support,
 * types outside OpenAPI's six, uniqueItems, additionalProperties beside properties, defaults in
 * metadata, the x-kubernetes list and map extensions, and the static parts of
 * x-kubernetes-validations rules. The CEL expressions themselves are not compiled here.
 */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { childSite, indexSite, keySite, schemaField, type SchemaRefusal, type Site } from './crdSchemaSite';
import { refusal, supported } from './refusal';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const MAX_DEPTH = 64;

interface Context {
  readonly insideMeta: boolean;
  /** Why a default is not allowed here, when it is not. */
  readonly noDefaults?: string;
}

export function openApiSchemaIssues(root: Obj, site: Site): Issue[] {
  const issues: Issue[] = [];
  if (root.nullable === true) issues.push(refusal(schemaField(root, site, 'nullable', { code: 'crd-schema-invalid', reason: 'Forbidden', detail: 'nullable cannot be true at the root' })));
  issues.push(...nodeIssues(root, site, true, { insideMeta: false }, 0));
  return issues;
}

function nodeIssues(node: Obj, site: Site, isRoot: boolean, context: Context, depth: number): Issue[] {
  if (depth > MAX_DEPTH) return [];
  const issues = standardIssues(node, site, context);
  const fail = (key: string | undefined, r: Omit<SchemaRefusal, 'code'>, at: Site = site, on: Obj = node): void => {
    issues.push(refusal(schemaField(on, at, key, { code: 'crd-schema-invalid', ...r })));
  };
  const recurse = (child: unknown, at: Site, sub: Context): void => {
    const schema = asObject(child);
    if (schema) issues.push(...nodeIssues(schema, at, false, sub, depth + 1));
  };
  if (node.uniqueItems === true) fail('uniqueItems', { reason: 'Forbidden', detail: 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic' });
  const properties = asObject(node.properties) ?? {};
  const additional = node.additionalProperties;
  if (additional !== undefined && Object.keys(properties).length > 0 && (additional === false || asObject(additional))) {
    fail('additionalProperties', { reason: 'Forbidden', detail: 'additionalProperties and properties are mutual exclusive' });
  }
  recurse(additional, childSite(site, 'additionalProperties'), context.insideMeta ? { ...context, noDefaults: 'inside additionalProperties applying to object metadata' } : context);
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  for (const [name, child] of Object.entries(properties)) {
    let sub = context;
    if ((isRoot || embedded) && META_FIELDS.has(name)) sub = { ...sub, insideMeta: true, ...(isRoot ? { noDefaults: `in top-level ${name}` } : {}) };
    recurse(child, keySite(site, 'properties', name), sub);
  }
  recurse(node.not, childSite(site, 'not'), context);
  for (const keyword of ['allOf', 'oneOf', 'anyOf']) asArray(node[keyword]).forEach((branch, i) => recurse(branch, indexSite(site, keyword, i), context));
  recurse(node.items, childSite(site, 'items'), context);
  if (node['x-kubernetes-preserve-unknown-fields'] === false) fail('x-kubernetes-preserve-unknown-fields', { reason: 'Invalid value', value: false, detail: 'must be true or undefined' });
  issues.push(...extensionIssues(node, site), ...validationRuleIssues(node, site));
  return issues;
}

/** specStandardValidatorV3: keywords and values OpenAPI v3 schemas of CRDs may not use. */
function standardIssues(node: Obj, site: Site, context: Context): Issue[] {
  const issues: Issue[] = [];
  const forbid = (key: string, detail: string): void => {
    issues.push(refusal(schemaField(node, site, key, { code: 'crd-schema-invalid', reason: 'Forbidden', detail })));
  };
  const type = asString(node.type);
  if (type && !TYPES.includes(type)) issues.push(refusal(schemaField(node, site, 'type', { code: 'crd-schema-invalid', reason: 'Unsupported value', value: type, detail: supported(TYPES) })));
  if (node.default !== undefined && node.default !== null && context.noDefaults !== undefined) forbid('default', `must not be set ${context.noDefaults}`);
  if (asString(node.id)) forbid('id', 'id is not supported');
  if (node.additionalItems !== undefined && node.additionalItems !== null) forbid('additionalItems', 'additionalItems is not supported');
  if (Object.keys(asObject(node.patternProperties) ?? {}).length > 0) forbid('patternProperties', 'patternProperties is not supported');
  if (Object.keys(asObject(node.definitions) ?? {}).length > 0) forbid('definitions', 'definitions is not supported');
  if (asObject(node.dependencies)) forbid('dependencies', 'dependencies is not supported');
  if (typeof node.$ref === 'string') forbid('$ref', '$ref is not supported');
  if (type === 'null') forbid('type', 'type cannot be set to null, use nullable as an alternative');
  if (asArray(node.items).length > 0) forbid('items', 'items must be a schema object and not an array');
  if (context.insideMeta && node['x-kubernetes-embedded-resource'] === true) forbid('x-kubernetes-embedded-resource', 'must not be used inside of resource meta');
  return issues;
}

/** x-kubernetes-map-type, -list-type and -list-map-keys: what they need of the node and its items. */
function extensionIssues(node: Obj, site: Site): Issue[] {
  const issues: Issue[] = [];
  const fail = (key: string, r: Omit<SchemaRefusal, 'code'>, on: Obj = node, at: Site = site): void => {
    issues.push(refusal(schemaField(on, at, key, { code: 'crd-schema-invalid', ...r })));
  };
  const type = asString(node.type) ?? '';
  const mapType = asString(node['x-kubernetes-map-type']);
  const listType = asString(node['x-kubernetes-list-type']);
  const keys = asArray(node['x-kubernetes-list-map-keys']).filter((k): k is string => typeof k === 'string');
  const items = asObject(node.items);
  const itemsSite = childSite(site, 'items');
  const needType = (wanted: string, extension: string): void => {
    const detail = `must be ${wanted} if ${extension} is specified`;
    if (type === '') fail('type', { reason: 'Required value', detail });
    else fail('type', { reason: 'Invalid value', value: type, detail });
  };
  if (mapType !== undefined && type !== 'object') needType('object', 'x-kubernetes-map-type');
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') fail('x-kubernetes-map-type', { reason: 'Unsupported value', value: mapType, detail: supported(['atomic', 'granular']) });
  if (listType !== undefined && type !== 'array') needType('array', 'x-kubernetes-list-type');
  else if (listType === 'set' && items) {
    const itemType = asString(items.type);
    const itemList = asString(items['x-kubernetes-list-type']);
    if (itemType === 'array' && itemList !== undefined && itemList !== 'atomic') {
      fail('x-kubernetes-list-type', { reason: 'Invalid value', value: itemList, detail: 'must be atomic as item of a list with x-kubernetes-list-type=set' }, items, itemsSite);
    }
    if (itemType === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      fail('x-kubernetes-map-type', { reason: 'Invalid value', detail: 'must be atomic as item of a list with x-kubernetes-list-type=set' }, items, itemsSite);
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) fail('x-kubernetes-list-type', { reason: 'Unsupported value', value: listType, detail: supported(['atomic', 'set', 'map']) });
  if (keys.length > 0) {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (listType === undefined) fail('x-kubernetes-list-type', { reason: 'Required value', detail });
    else if (listType !== 'map') fail('x-kubernetes-list-type', { reason: 'Invalid value', value: listType, detail });
  }
  if (listType === 'map') {
    if (keys.length === 0) fail('x-kubernetes-list-map-keys', { reason: 'Required value', detail: 'must not be empty if x-kubernetes-list-type is map' });
    if (node.items === undefined) fail('items', { reason: 'Required value', detail: 'must have a schema if x-kubernetes-list-type is map' });
    if (items && asString(items.type) !== 'object') fail('type', { reason: 'Invalid value', value: asString(items.type) ?? '', detail: "must be object if parent array's x-kubernetes-list-type is map" }, items, itemsSite);
    if (items && asString(items.type) === 'object') {
      const itemProperties = asObject(items.properties) ?? {};
      const seen = new Set<string>();
      for (const key of keys) {
        const property = asObject(itemProperties[key]);
        if (!Object.hasOwn(itemProperties, key)) fail('x-kubernetes-list-map-keys', { reason: 'Invalid value', value: keys, detail: 'entries must all be names of item properties' });
        else if (property && (property.type === 'array' || property.type === 'object')) {
          fail('type', { reason: 'Invalid value', value: 'object', detail: "must be a scalar type if parent array's x-kubernetes-list-type is map" }, property, keySite(itemsSite, 'properties', key));
        }
        if (seen.has(key)) fail('x-kubernetes-list-map-keys', { reason: 'Invalid value', value: keys, detail: 'must not contain duplicate entries' });
        seen.add(key);
      }
    }
  }
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable === true) fail('nullable', { reason: 'Forbidden', detail: `cannot be nullable when x-kubernetes-list-type is ${listType}` }, items, itemsSite);
    if (listType === 'map') {
      const required = new Set(asArray(items.required));
      const itemProperties = asObject(items.properties) ?? {};
      for (const key of keys) {
        const property = asObject(itemProperties[key]);
        if (!property) continue;
        const at = keySite(itemsSite, 'properties', key);
        if (!required.has(key) && (property.default === undefined || property.default === null)) {
          fail('default', { reason: 'Required value', detail: 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property' }, property, at);
        }
        if (property.nullable === true) fail('nullable', { reason: 'Forbidden', detail: 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable' }, property, at);
      }
    }
  }
  return issues;
}

/** Go's strings.TrimSpace: Unicode white space (not U+FEFF, which JavaScript's trim also removes). */
function goTrim(text: string): string {
  return text.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}

const NEWLINES = /[\n\r]/;

/** x-kubernetes-validations: what the apiserver checks before compiling the CEL (which Berth does not). */
function validationRuleIssues(node: Obj, site: Site): Issue[] {
  const issues: Issue[] = [];
  asArray(node['x-kubernetes-validations']).forEach((item, i) => {
    const rule = asObject(item);
    if (!rule) return;
    const at = indexSite(site, 'x-kubernetes-validations', i);
    const fail = (key: string, r: Omit<SchemaRefusal, 'code'>): void => {
      issues.push(refusal(schemaField(rule, at, key, { code: 'crd-schema-invalid', ...r })));
    };
    const text = asString(rule.rule) ?? '';
    const message = asString(rule.message) ?? '';
    const trimmedRule = goTrim(text);
    const trimmedMessage = goTrim(message);
    if (trimmedRule === '') fail('rule', { reason: 'Required value', detail: 'rule is not specified' });
    else if (message !== '' && trimmedMessage === '') fail('message', { reason: 'Invalid value', value: message, detail: 'must be non-empty if specified' });
    else if (NEWLINES.test(trimmedMessage)) fail('message', { reason: 'Invalid value', value: message, detail: 'must not contain line breaks' });
    else if (NEWLINES.test(trimmedRule) && trimmedMessage === '') fail('message', { reason: 'Required value', detail: 'message must be specified if rule contains line breaks' });
    const messageExpression = asString(rule.messageExpression) ?? '';
    if (messageExpression !== '' && goTrim(messageExpression) === '') fail('messageExpression', { reason: 'Required value', detail: 'messageExpression must be non-empty if specified' });
    const reason = asString(rule.reason);
    if (reason !== undefined && !REASONS.includes(reason)) fail('reason', { reason: 'Unsupported value', value: reason, detail: supported(REASONS) });
    const fieldPath = asString(rule.fieldPath) ?? '';
    if (fieldPath !== '' && goTrim(fieldPath) === '') fail('fieldPath', { reason: 'Invalid value', value: fieldPath, detail: 'must be non-empty if specified' });
    if (NEWLINES.test(fieldPath)) fail('fieldPath', { reason: 'Invalid value', value: fieldPath, detail: 'must not contain line breaks' });
  });
  return issues;
}
