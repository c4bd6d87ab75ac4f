import { safePattern } from '../charts/safePattern';

/**
 * Walks a self-contained JSON schema along a data path, resolving local $refs and merging
 * allOf/anyOf/oneOf branches, for completion and hover. Validation itself is ajv's job.
 */
export type JsonSchema = Readonly<Record<string, unknown>>;

export class SchemaNavigator {
  /** What `expand` and `resolve` found: a navigator lives as long as its schema, walked for every document of its kind. */
  private readonly expanded = new Map<JsonSchema, readonly JsonSchema[]>();
  private readonly resolved = new Map<string, JsonSchema | undefined>();

  constructor(private readonly root: JsonSchema) {}

  /** The schemas that may describe the value at `path` (several when branches differ). */
  at(path: readonly (string | number)[]): JsonSchema[] {
    let current = this.expand(this.root);
    for (const segment of path) {
      const next: JsonSchema[] = [];
      for (const schema of current) next.push(...this.child(schema, segment));
      current = next.flatMap((s) => this.expand(s));
      if (current.length === 0) break;
    }
    return current;
  }

  /** Properties an object at `path` may have, merged across branches. */
  properties(path: readonly (string | number)[]): Map<string, JsonSchema> {
    const out = new Map<string, JsonSchema>();
    for (const schema of this.at(path)) {
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      for (const [name, property] of Object.entries(properties ?? {})) if (!out.has(name)) out.set(name, property);
    }
    return out;
  }

  required(path: readonly (string | number)[]): Set<string> {
    const out = new Set<string>();
    for (const schema of this.at(path)) for (const name of (schema.required as string[] | undefined) ?? []) out.add(name);
    return out;
  }

  /** A schema with $refs and allOf resolved into one flat list of parts. */
  expand(schema: JsonSchema): JsonSchema[] {
    let parts = this.expanded.get(schema);
    if (!parts) this.expanded.set(schema, (parts = this.expandFrom(schema, 0)));
    return [...parts];
  }

  private expandFrom(schema: JsonSchema, depth: number): JsonSchema[] {
    if (depth > 32) return [];
    const out: JsonSchema[] = [schema];
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      const target = this.resolve(ref);
      if (target) out.push(...this.expandFrom(target, depth + 1));
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) for (const branch of branches) out.push(...this.expandFrom(branch as JsonSchema, depth + 1));
    }
    return out;
  }

  private child(schema: JsonSchema, segment: string | number): JsonSchema[] {
    if (typeof segment === 'number') {
      const items = schema.items;
      return items && typeof items === 'object' && !Array.isArray(items) ? [items as JsonSchema] : [];
    }
    const property = (schema.properties as Record<string, JsonSchema> | undefined)?.[segment];
    if (property) return [property];
    const patterned = Object.entries((schema.patternProperties as Record<string, JsonSchema> | undefined) ?? {}).filter(([pattern]) => matches(pattern, segment));
    if (patterned.length > 0) return patterned.map(([, value]) => value);
    const additional = schema.additionalProperties;
    if (additional && typeof additional === 'object') return [additional as JsonSchema];
    return [];
  }

  private resolve(ref: string): JsonSchema | undefined {
    if (!this.resolved.has(ref)) this.resolved.set(ref, this.lookUp(ref));
    return this.resolved.get(ref);
  }

  private lookUp(ref: string): JsonSchema | undefined {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.root;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    return node && typeof node === 'object' ? (node as JsonSchema) : undefined;
  }
}

/** Whether a property name matches a `patternProperties` pattern; a pattern that could backtrack without end, or does not compile, matches nothing. */
function matches(pattern: string, name: string): boolean {
  const safe = safePattern(pattern);
  if (safe === undefined) return false;
  try {
    return new RegExp(safe, 'u').test(name);
  } catch {
    return false;
  }
}

/** The first description among a value's schema parts (the outermost is the most specific). */
export function describe(parts: readonly JsonSchema[]): string | undefined {
  for (const part of parts) if (typeof part.description === 'string' && part.description) return part.description;
  return undefined;
}

/** The value's type in words for hover and completion detail: "integer", "string | integer", "object". */
export function typeLabel(parts: readonly JsonSchema[]): string {
  const types = new Set<string>();
  for (const part of parts) {
    const type = part.type;
    if (typeof type === 'string') types.add(type);
    else if (Array.isArray(type)) for (const t of type) if (t !== 'null') types.add(String(t));
  }
  if (types.size === 0 && parts.some((p) => p.properties)) types.add('object');
  const label = [...types].map((t) => (t === 'array' ? 'list' : t)).join(' | ');
  return label || 'any';
}

export function enumValues(parts: readonly JsonSchema[]): unknown[] {
  for (const part of parts) if (Array.isArray(part.enum)) return part.enum as unknown[];
  for (const part of parts) if (part.const !== undefined) return [part.const];
  return [];
}

export function defaultValue(parts: readonly JsonSchema[]): unknown {
  for (const part of parts) if (part.default !== undefined) return part.default;
  return undefined;
}
