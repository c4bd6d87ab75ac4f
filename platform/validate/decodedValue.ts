import { SchemaNavigator, type JsonSchema } from '../schema/schemaNavigator';

/**
 * The document as the apiserver's decoder sees it, walked beside its schema:
 * - a key whose value is null (`annotations:` left empty) is unset, unless its schema declares
 *   the field nullable;
 * - a null list item (`- ` with nothing after it) is the zero value of the item's type: "" for a
 *   string, 0, false, {} for an object (whose own fields are then checked as usual);
 * - a required field the schema defaults to `{}` (a Go struct held by value: the decoder leaves it
 *   at its zero value) is `{}` when missing, provided that empty object needs nothing itself:
 *   the apiserver accepts a CSIDriver or a NetworkPolicy without `spec` and fills in its defaults.
 *   When the empty object is not enough (an HPA's `scaleTargetRef`), the field stays missing and
 *   is reported as such, which says more than an error about its contents would.
 * Returns the same object when nothing changes, so the usual case copies nothing.
 */
export function decodedValue(value: unknown, schema: object): unknown {
  let navigator = navigators.get(schema);
  if (!navigator) navigators.set(schema, (navigator = new SchemaNavigator(schema as JsonSchema)));
  return decode(value, navigator.expand(schema as JsonSchema), navigator);
}

/** One navigator per schema (the registry keeps a kind's schema object), so its lookups are made once per kind, not per document. */
const navigators = new WeakMap<object, SchemaNavigator>();

type Parts = readonly JsonSchema[];

function decode(value: unknown, parts: Parts, navigator: SchemaNavigator): unknown {
  if (Array.isArray(value)) {
    const itemParts = expandAll(parts.flatMap(itemSchema), navigator);
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const decoded = item === null ? zeroValue(itemParts, navigator) : decode(item, itemParts, navigator);
      if (decoded !== item) (copy ??= [...value])[i] = decoded;
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const kept: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const childParts = expandAll(parts.flatMap((p) => propertySchema(p, key)), navigator);
    if (item === null && !childParts.some(allowsNull)) {
      changed = true;
      continue;
    }
    const decoded = item === null ? item : decode(item, childParts, navigator);
    if (decoded !== item) changed = true;
    kept.push([key, decoded]);
  }
  const present = new Set(kept.map(([key]) => key));
  for (const part of parts) {
    for (const name of requiredOf(part)) {
      if (present.has(name)) continue;
      const property = propertySchema(part, name);
      if (property.length === 0 || !defaultsToEmptyObject(property[0]!)) continue;
      const propertyParts = expandAll(property, navigator);
      if (propertyParts.some((p) => requiredOf(p).length > 0)) continue;
      present.add(name);
      kept.push([name, {}]);
      changed = true;
    }
  }
  return changed ? Object.fromEntries(kept) : value;
}

/** What Go's decoder makes of JSON null in a list: the item type's zero value. */
function zeroValue(parts: Parts, navigator: SchemaNavigator): unknown {
  if (parts.length === 0 || parts.some(allowsNull)) return null;
  if (parts.some((p) => p['x-kubernetes-int-or-string'] === true)) return 0;
  const types = new Set(parts.flatMap((p) => (typeof p.type === 'string' ? [p.type] : [])));
  if (types.has('string')) return '';
  if (types.has('integer') || types.has('number')) return 0;
  if (types.has('boolean')) return false;
  if (types.has('array')) return [];
  if (types.has('object') || parts.some((p) => p.properties !== undefined)) return decode({}, parts, navigator);
  return null;
}

function expandAll(schemas: Parts, navigator: SchemaNavigator): JsonSchema[] {
  return schemas.flatMap((s) => navigator.expand(s));
}

function itemSchema(schema: JsonSchema): JsonSchema[] {
  const items = schema.items;
  return items && typeof items === 'object' && !Array.isArray(items) ? [items as JsonSchema] : [];
}

function propertySchema(schema: JsonSchema, key: string): JsonSchema[] {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && Object.prototype.hasOwnProperty.call(properties, key)) return [properties[key]!];
  const additional = schema.additionalProperties;
  return additional && typeof additional === 'object' ? [additional as JsonSchema] : [];
}

function requiredOf(schema: JsonSchema): readonly string[] {
  return Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

function defaultsToEmptyObject(schema: JsonSchema): boolean {
  const fallback = schema.default;
  return fallback !== null && typeof fallback === 'object' && !Array.isArray(fallback) && Object.keys(fallback).length === 0;
}

function allowsNull(schema: JsonSchema): boolean {
  if (schema.nullable === true) return true;
  const type = schema.type;
  return type === 'null' || (Array.isArray(type) && type.includes('null'));
}
