import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { stringFormat } from '../schema/crd/formats/stringFormats';
import { FORMAT_KEYWORD } from '../schema/crd/structuralSchema';

/** Compiles each schema once, on first use, and validates data against it. */
export class SchemaValidator {
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    validateFormats: false,
    allowUnionTypes: true,
    // The shipped schemas are checked by their own tests; validating them again costs half of every compile.
    validateSchema: false,
    // Kubernetes schemas are large and shared; ajv's own logging would write to the LSP's stdout.
    logger: false,
    // Its optimisation pass over the generated code costs a fifth of every compile and saves
    // little when a document is validated: a short run compiles far more than it validates.
    code: { optimize: false },
  });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly sharedDefinitions = new Set<string>();

  constructor() {
    // The string formats the apiserver checks in custom resources only: CRD schemas carry them
    // under Berth's own keyword, so the `format` of built-in schemas stays unchecked.
    this.ajv.addKeyword({
      keyword: FORMAT_KEYWORD,
      type: 'string',
      schemaType: 'string',
      errors: false,
      validate: (format: string, data: string) => stringFormat(format)?.accepts(data) ?? true,
    });
  }

  validate(key: string, schema: object, data: unknown): readonly ErrorObject[] {
    let validateFn = this.compiled.get(key);
    if (!validateFn) {
      validateFn = this.compile(key, schema);
      this.compiled.set(key, validateFn);
    }
    return validateFn(data) ? [] : (validateFn.errors ?? []);
  }

  /**
   * A Kubernetes kind's schema comes with the closure of its definitions (`#/definitions/X`).
   * Each definition is added to ajv once per Kubernetes version, under an id of its own, and the
   * kinds refer to it there: the pod spec that Deployments, StatefulSets, Jobs... share, and the
   * object metadata every kind has, are compiled once instead of once per kind.
   */
  private compile(key: string, schema: object): ValidateFunction {
    const version = KUBERNETES_KEY.exec(key)?.[1];
    const { definitions, ...root } = schema as { definitions?: Record<string, unknown> };
    if (version === undefined || definitions === undefined) return this.ajv.compile(schema);
    const base = `${SHARED_DEFINITIONS}${version}/`;
    for (const [name, definition] of Object.entries(definitions)) {
      if (this.sharedDefinitions.has(base + name)) continue;
      this.ajv.addSchema(withSharedRefs(definition, base) as object, base + name);
      this.sharedDefinitions.add(base + name);
    }
    return this.ajv.compile(withSharedRefs(root, base) as object);
  }
}

/** Keys of Kubernetes schemas: `<minor>/<apiVersion>/<kind>` (see kubernetesSchemaStore). */
const KUBERNETES_KEY = /^(\d+\.\d+)\//;
/** Ids of shared definitions; never fetched (ajv loads nothing itself), only names. */
const SHARED_DEFINITIONS = 'https://schemas.berth.dev/kubernetes/';
const LOCAL_REF = '#/definitions/';
/** Keywords whose values are data, not schemas: a `$ref` inside them is not a reference. */
const DATA_KEYWORDS = new Set(['default', 'enum', 'const', 'example', 'required', 'x-kubernetes-list-map-keys', 'description']);

/** A copy of the schema whose local definition references point at the shared definitions under `base`. */
function withSharedRefs(schema: unknown, base: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withSharedRefs(item, base));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === '$ref' && typeof value === 'string' && value.startsWith(LOCAL_REF)) out[keyword] = base + value.slice(LOCAL_REF.length);
    else if (keyword === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, withSharedRefs(property, base)]));
    } else if (DATA_KEYWORDS.has(keyword)) out[keyword] = value;
    else out[keyword] = withSharedRefs(value, base);
  }
  return out;
}
