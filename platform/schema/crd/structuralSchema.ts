import type { JsonSchema } from '../schemaNavigator';

type Raw = Record<string, unknown>;

/** Keywords of a CRD schema whose values are data or annotations, copied as they are. */
const DATA_KEYWORDS = ['description', 'enum', 'required', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf', 'default', 'title'] as const;

const MAX_DEPTH = 64;

/**
 * A CRD version's `openAPIV3Schema` as a draft-07 schema that reads a custom resource as the
 * apiserver does: the schema is structural, so an object forbids fields it does not declare
 * unless `x-kubernetes-preserve-unknown-fields` says otherwise. `default` is kept for hover but
 * never applied; `format` and `x-kubernetes-validations` (CEL) are not checked.
 */
export function structuralSchema(openApi: Raw): JsonSchema {
  const root = convert(openApi, 0) as Raw;
  const properties = { ...((root.properties as Raw | undefined) ?? {}) };
  properties.apiVersion = { type: 'string', description: 'The versioned schema of this representation of an object.' };
  properties.kind = { type: 'string', description: 'The REST resource this object represents.' };
  // The apiserver checks metadata as ObjectMeta, whatever the CRD says of it beyond name rules.
  properties.metadata = { type: 'object', description: "Standard object's metadata." };
  const closed = root.additionalProperties === undefined && openApi['x-kubernetes-preserve-unknown-fields'] !== true;
  return { ...root, type: 'object', properties, ...(closed ? { additionalProperties: false } : {}) };
}

function convert(node: unknown, depth: number): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node) || depth > MAX_DEPTH) return {};
  const raw = node as Raw;
  const out: Raw = {};
  for (const keyword of DATA_KEYWORDS) if (raw[keyword] !== undefined) out[keyword] = raw[keyword];
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
    out.properties = Object.fromEntries(Object.entries(properties as Raw).map(([name, child]) => [name, convert(child, depth + 1)]));
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
  else if (additional && typeof additional === 'object') out.additionalProperties = convert(additional, depth + 1);
  else if (!preserve && isObjectType(raw.type) && !raw['x-kubernetes-int-or-string']) out.additionalProperties = false;

  const items = raw.items;
  if (items && typeof items === 'object' && !Array.isArray(items)) out.items = convert(items, depth + 1);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = raw[keyword];
    if (Array.isArray(branches)) out[keyword] = branches.map((b) => valueValidation(b, depth + 1));
  }
  if (raw.not && typeof raw.not === 'object') out.not = valueValidation(raw.not, depth + 1);
  return out;
}

/**
 * Branches of allOf/anyOf/oneOf/not in a structural schema only add value checks: they never
 * declare fields, so they must not forbid the fields the enclosing schema declares.
 */
function valueValidation(node: unknown, depth: number): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node) || depth > MAX_DEPTH) return {};
  const raw = node as Raw;
  const out: Raw = {};
  for (const keyword of DATA_KEYWORDS) if (keyword !== 'default' && keyword !== 'description' && raw[keyword] !== undefined) out[keyword] = raw[keyword];
  const properties = raw.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    out.properties = Object.fromEntries(Object.entries(properties as Raw).map(([name, child]) => [name, valueValidation(child, depth + 1)]));
  }
  if (raw.items && typeof raw.items === 'object' && !Array.isArray(raw.items)) out.items = valueValidation(raw.items, depth + 1);
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = raw[keyword];
    if (Array.isArray(branches)) out[keyword] = branches.map((b) => valueValidation(b, depth + 1));
  }
  if (raw.not && typeof raw.not === 'object') out.not = valueValidation(raw.not, depth + 1);
  return out;
}

function isObjectType(type: unknown): boolean {
  return type === 'object';
}
