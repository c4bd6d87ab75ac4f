import type { JsonSchema } from '../schemaNavigator';

const MAX_DEPTH = 64;

/**
 * A custom resource with its CRD's defaults filled in, as the apiserver fills them before it
 * validates (apiextensions-apiserver's structural defaulting): a field its schema gives a
 * `default` is set to it when missing, inside objects the document (or an applied default)
 * has; a required field with a default is therefore never missing. `schema` is the compiled
 * structural schema (structuralSchema.ts). Nothing is mutated: what changes is copied, and the
 * same value comes back when nothing does.
 */
export function crdDefaulted(value: unknown, schema: object): unknown {
  return withDefaults(value, schema as JsonSchema, 0);
}

function withDefaults(value: unknown, schema: JsonSchema, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    if (!items) return value;
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const defaulted = withDefaults(item, items, depth + 1);
      if (defaulted !== item) (copy ??= [...value])[i] = defaulted;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const properties = asSchema(schema.properties) as Readonly<Record<string, JsonSchema>> | undefined;
  const additional = asSchema(schema.additionalProperties);
  let copy: Record<string, unknown> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    const fallback = asSchema(property)?.default;
    if (fallback !== undefined && fallback !== null && !Object.hasOwn(record, name)) setOwn((copy ??= { ...record }), name, fallback);
  }
  for (const [key, child] of Object.entries(copy ?? record)) {
    const childSchema = properties && Object.hasOwn(properties, key) ? asSchema(properties[key]) : additional;
    if (!childSchema) continue;
    const defaulted = withDefaults(child, childSchema, depth + 1);
    if (defaulted !== child) setOwn((copy ??= { ...record }), key, defaulted);
  }
  return copy ?? record;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/** An own data property even for a key like `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
