import type { JsonSchema } from '../schemaNavigator';
import { checkedStringFormat } from './formats/stringFormats';
import { portPattern } from './re2Pattern';

/** Berth's own keyword for a string format the apiserver checks (platform/validate/schemaValidator.ts). */
export const FORMAT_KEYWORD = 'x-berth-format';

type Raw = Record<string, unknown>;

/** Keywords of a CRD schema whose values are data or annotations, copied as they are. */
const DATA_KEYWORDS = ['description', 'enum', 'required', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf', 'default', 'title'] as const;

const MAX_DEPTH = 64;

/**
 * A CRD version's `openAPIV3Schema` as a draft-07 schema that reads a custom resource as the
 * apiserver does: the schema is structural, so an object forbids fields it does not declare
 * unless `x-kubernetes-preserve-unknown-fields` says otherwise. The string formats the apiserver
 * of Kubernetes 1.`minor` checks become FORMAT_KEYWORD (plain `format` stays unchecked, as it is
 * for built-in kinds). `default` is kept: the apiserver applies it before validating
 * (crdDefaults.ts). `x-kubernetes-validations` (CEL) is not checked.
 */
export function structuralSchema(openApi: Raw, minor: number): JsonSchema {
  const root = convert(openApi, 0, minor) as Raw;
  const properties = { ...((root.properties as Raw | undefined) ?? {}) };
  properties.apiVersion = { type: 'string', description: 'The versioned schema of this representation of an object.' };
  properties.kind = { type: 'string', description: 'The REST resource this object represents.' };
  // The apiserver checks metadata as ObjectMeta, whatever the CRD says of it beyond name rules.
  properties.metadata = { type: 'object', description: "Standard object's metadata." };
  const closed = root.additionalProperties === undefined && openApi['x-kubernetes-preserve-unknown-fields'] !== true;
  return { ...root, type: 'object', properties, ...(closed ? { additionalProperties: false } : {}) };
}

function convert(node: unknown, depth: number, minor: number): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node) || depth > MAX_DEPTH) return {};
  const raw = node as Raw;
  const out: Raw = {};
  for (const keyword of DATA_KEYWORDS) if (raw[keyword] !== undefined) out[keyword] = raw[keyword];
  addFormat(raw, out, minor);
  // A Go pattern JavaScript cannot compile would leave the whole resource unvalidated.
  portPattern(out);
  const preserve = raw['x-kubernetes-preserve-unknown-fields'] === true;
  const nullable = raw.nullable === true;
  let type: unknown = raw.type;
  if (raw['x-kubernetes-int-or-string'] === true) type = ['integer', 'string'];
  if (nullable) {
    out.nullable = true;
    if (typeof type === 'string') type = [type, 'null'];
    else if (Array.isArray(type)) type = [...type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
  if (type !== undefined) out.type = type;

  const properties = raw.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    out.properties = Object.fromEntries(Object.entries(properties as Raw).map(([name, child]) => [name, convert(child, depth + 1, minor)]));
  }
  if (raw['x-kubernetes-embedded-resource'] === true) {
    const embedded = { ...((out.properties as Raw | undefined) ?? {}) };
    embedded.apiVersion ??= { type: 'string' };
    embedded.kind ??= { type: 'string' };
    embedded.metadata ??= { type: 'object' };
    out.properties = embedded;
  }
  const additional = raw.additionalProperties;
  if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (additional && typeof additional === 'object') out.additionalProperties = convert(additional, depth + 1, minor);
  else if (!preserve && isObjectType(raw.type) && !raw['x-kubernetes-int-or-string']) out.additionalProperties = false;

  const items = raw.items;
  if (items && typeof items === 'object' && !Array.isArray(items)) out.items = convert(items, depth + 1, minor);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = raw[keyword];
    if (Array.isArray(branches)) out[keyword] = branches.map((b) => valueValidation(b, depth + 1, minor));
  }
  if (raw.not && typeof raw.not === 'object') out.not = valueValidation(raw.not, depth + 1, minor);
  return out;
}

/**
 * Branches of allOf/anyOf/oneOf/not in a structural schema only add value checks: they never
 * declare fields, so they must not forbid the fields the enclosing schema declares.
 */
function valueValidation(node: unknown, depth: number, minor: number): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node) || depth > MAX_DEPTH) return {};
  const raw = node as Raw;
  const out: Raw = {};
  for (const keyword of DATA_KEYWORDS) if (keyword !== 'default' && keyword !== 'description' && raw[keyword] !== undefined) out[keyword] = raw[keyword];
  addFormat(raw, out, minor);
  portPattern(out);
  const properties = raw.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    out.properties = Object.fromEntries(Object.entries(properties as Raw).map(([name, child]) => [name, valueValidation(child, depth + 1, minor)]));
  }
  if (raw.items && typeof raw.items === 'object' && !Array.isArray(raw.items)) out.items = valueValidation(raw.items, depth + 1, minor);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = raw[keyword];
    if (Array.isArray(branches)) out[keyword] = branches.map((b) => valueValidation(b, depth + 1, minor));
  }
  if (raw.not && typeof raw.not === 'object') out.not = valueValidation(raw.not, depth + 1, minor);
  return out;
}

/** The format the apiserver checks here, if any: an int-or-string node has no single type, so its format stays. */
function addFormat(raw: Raw, out: Raw, minor: number): void {
  const type = raw['x-kubernetes-int-or-string'] === true ? undefined : raw.type;
  if (checkedStringFormat(raw.format, type, minor)) out[FORMAT_KEYWORD] = raw.format;
}

function isObjectType(type: unknown): boolean {
  return type === 'object';
}
