/**
 * A CRD schema's defaults are validated against the schema they sit in (apiextensions-apiserver
 * pkg/apiserver/schema/defaulting: ValidateDefaults), along properties and items only (not
 * additionalProperties, nor value validations, where defaults are forbidden anyway). Only what
 * certainly fails is checked here: a default of the wrong JSON type, a string default outside
 * the node's string enum or its format. Defaults inside resource metadata (coerced there as
 * metadata) and whether an object default has unknown fields are left to the apiserver.
 */
import { stringFormat } from '../schema/crd/formats/stringFormats';
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { childSite, keySite, schemaField, type Site } from './crdSchemaSite';
import { refusal } from './refusal';

const MAX_DEPTH = 64;
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

export function schemaDefaultIssues(root: Obj, site: Site): Issue[] {
  return walk(root, site, true, 0);
}

function walk(node: Obj, site: Site, resourceRoot: boolean, depth: number): Issue[] {
  if (depth > MAX_DEPTH) return [];
  const issues = defaultIssues(node, site);
  const items = asObject(node.items);
  if (items) issues.push(...walk(items, childSite(site, 'items'), false, depth + 1));
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  for (const [name, child] of Object.entries(asObject(node.properties) ?? {})) {
    const property = asObject(child);
    if (!property || ((resourceRoot || embedded) && META_FIELDS.has(name))) continue;
    issues.push(...walk(property, keySite(site, 'properties', name), false, depth + 1));
  }
  return issues;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

function defaultIssues(node: Obj, site: Site): Issue[] {
  const value = node.default;
  if (value === undefined || value === null) return [];
  const fail = (detail: string): Issue[] => [refusal(schemaField(node, site, 'default', { code: 'crd-default-invalid', reason: 'Invalid value', value, detail }))];
  const type = asString(node.type) ?? '';
  const actual = jsonType(value);
  // The schema as the default is checked against it: its own `type` only (int-or-string adds no type there).
  if (type !== '' && actual !== type && !(type === 'number' && actual === 'integer')) return fail(`must be of type ${type}, as the schema says`);
  if (typeof value !== 'string') return [];
  const allowed = asArray(node.enum);
  if (allowed.length > 0 && allowed.every((v) => typeof v === 'string') && !allowed.includes(value)) {
    return fail(`must be one of the schema's enum: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const format = asString(node.format);
  const check = format ? stringFormat(format) : undefined;
  if (format && check && !check.accepts(value)) return fail(`must be of type ${format}, as the schema's format says (such as ${check.example})`);
  return [];
}
