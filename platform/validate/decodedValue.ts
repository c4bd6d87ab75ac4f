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
  let root = roots.get(schema);
  if (!root) {
    const navigator = new SchemaNavigator(schema as JsonSchema);
    root = new SchemaNode(navigator.expand(schema as JsonSchema), navigator);
    roots.set(schema, root);
  }
  return decode(value, root);
}

/** One tree of nodes per schema (the registry keeps a kind's schema object), so each path's schemas are looked up once per kind, not per document. */
const roots = new WeakMap<object, SchemaNode>();

type Parts = readonly JsonSchema[];

/**
 * The expanded schemas that describe one place in the data, with what decoding needs from them
 * worked out on first use: the nodes of its keys and items, whether null is allowed, and the
 * required fields that default to `{}`.
 */
class SchemaNode {
  readonly allowsNull: boolean;
  /** Keys named in some part's `properties`; any other key has `additional`'s schemas. */
  private readonly named: ReadonlySet<string>;
  private readonly children = new Map<string, SchemaNode>();
  private additionalNode: SchemaNode | undefined;
  private itemNode: SchemaNode | undefined;
  private emptyDefaults: readonly string[] | undefined;

  constructor(
    readonly parts: Parts,
    readonly navigator: SchemaNavigator,
  ) {
    this.allowsNull = parts.some(allowsNull);
    const named = new Set<string>();
    for (const part of parts) {
      const properties = part.properties;
      if (properties && typeof properties === 'object') for (const key of Object.keys(properties)) named.add(key);
    }
    this.named = named;
  }

  child(key: string): SchemaNode {
    // Named keys, the common case, are found with one lookup once seen.
    let node = this.children.get(key);
    if (node) return node;
    if (!this.named.has(key)) return (this.additionalNode ??= this.node(this.parts.flatMap((p) => propertySchema(p, key))));
    this.children.set(key, (node = this.node(this.parts.flatMap((p) => propertySchema(p, key)))));
    return node;
  }

  items(): SchemaNode {
    return (this.itemNode ??= this.node(this.parts.flatMap(itemSchema)));
  }

  /** Required fields, in the order decoding adds them, whose missing value the decoder makes `{}`. */
  requiredEmptyDefaults(): readonly string[] {
    if (this.emptyDefaults === undefined) {
      const names: string[] = [];
      for (const part of this.parts) {
        for (const name of requiredOf(part)) {
          const property = propertySchema(part, name);
          if (property.length === 0 || !defaultsToEmptyObject(property[0]!)) continue;
          if (expandAll(property, this.navigator).some((p) => requiredOf(p).length > 0)) continue;
          names.push(name);
        }
      }
      this.emptyDefaults = names;
    }
    return this.emptyDefaults;
  }

  private node(schemas: Parts): SchemaNode {
    return new SchemaNode(expandAll(schemas, this.navigator), this.navigator);
  }
}

function decode(value: unknown, node: SchemaNode): unknown {
  if (Array.isArray(value)) {
    const itemNode = node.items();
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const decoded = item === null ? zeroValue(itemNode) : decode(item, itemNode);
      if (decoded !== item) (copy ??= [...value])[i] = decoded;
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  // Built only once something changes: most objects are kept as they are, and walked without copying.
  let kept: [string, unknown][] | undefined;
  let index = 0;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    const item = object[key];
    const childNode = node.child(key);
    if (item === null && !childNode.allowsNull) {
      kept ??= Object.entries(object).slice(0, index);
    } else {
      const decoded = item === null || typeof item !== 'object' ? item : decode(item, childNode);
      if (decoded !== item) kept ??= Object.entries(object).slice(0, index);
      kept?.push([key, decoded]);
    }
    index++;
  }
  const defaults = node.requiredEmptyDefaults();
  for (const name of defaults) {
    if (kept ? kept.some(([key]) => key === name) : Object.prototype.hasOwnProperty.call(object, name)) continue;
    (kept ??= Object.entries(object)).push([name, {}]);
  }
  return kept ? Object.fromEntries(kept) : value;
}

/** What Go's decoder makes of JSON null in a list: the item type's zero value. */
function zeroValue(node: SchemaNode): unknown {
  const parts = node.parts;
  if (parts.length === 0 || node.allowsNull) return null;
  if (parts.some((p) => p['x-kubernetes-int-or-string'] === true)) return 0;
  const types = new Set(parts.flatMap((p) => (typeof p.type === 'string' ? [p.type] : [])));
  if (types.has('string')) return '';
  if (types.has('integer') || types.has('number')) return 0;
  if (types.has('boolean')) return false;
  if (types.has('array')) return [];
  if (types.has('object') || parts.some((p) => p.properties !== undefined)) return decode({}, node);
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
