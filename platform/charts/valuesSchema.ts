import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { ChunkDiagnostic } from '../validate/analyzeChunk';
import { schemaIssues } from '../validate/schemaIssues';
import { chunkRange, type ParsedChunk } from '../yaml/parseChunk';
import { documentData, isPlainObject, issueDiagnostics } from './fileIssues';
import { safePattern } from './safePattern';

/** Schemas beyond this size are not compiled: compiling is the costly part, and no chart needs one this big. */
export const MAX_VALUES_SCHEMA_CHARS = 2_000_000;

/** The schema findings (platform/validate/schemaIssues) under codes of their own: Helm refuses each. */
const VALUES_CODES: Readonly<Record<string, { readonly code: string; readonly severity: 'error' }>> = {
  'invalid-type': { code: 'values-invalid-type', severity: 'error' },
  'invalid-enum': { code: 'values-invalid-enum', severity: 'error' },
  'invalid-value': { code: 'values-invalid-value', severity: 'error' },
  'missing-required': { code: 'values-missing-required', severity: 'error' },
  'unknown-field': { code: 'values-unknown-field', severity: 'error' },
  'invalid-format': { code: 'values-invalid-format', severity: 'error' },
  'out-of-range': { code: 'values-out-of-range', severity: 'error' },
  'invalid-length': { code: 'values-invalid-length', severity: 'error' },
  'duplicate-item': { code: 'values-duplicate-item', severity: 'error' },
};

type Compiled = { readonly validate: ValidateFunction } | { readonly broken: string };

/** The last few compiled schemas by text: a chart's schema is compiled once, not at every keystroke in values.yaml. */
const compiledSchemas = new Map<string, Compiled>();
const MAX_CACHED_SCHEMAS = 8;

/**
 * Problems in a chart's values.yaml by its values.schema.json, as `helm install`, `helm template`
 * and `helm lint` find them (JSON Schema draft-07 unless the schema names 2019-09 or 2020-12).
 * A schema that cannot be read gives one diagnostic at the top of values.yaml instead.
 */
export function valuesIssues(parsed: ParsedChunk, schemaText: string | undefined): ChunkDiagnostic[] {
  if (schemaText === undefined) return [];
  const data = documentData(parsed);
  if (!data) return [];
  const top = chunkRange(parsed.lineCounter, 0, 0);
  const compiled = compiledSchema(schemaText);
  if ('broken' in compiled) return [{ range: top, severity: 'error', code: 'values-schema-broken', message: `values.schema.json is broken, so these values are not checked: ${compiled.broken}` }];
  // An empty values.yaml is an empty map to Helm.
  const values = data.value === null || data.value === undefined ? {} : data.value;
  let errors: ErrorObject[];
  try {
    errors = compiled.validate(values) ? [] : (compiled.validate.errors ?? []);
  } catch {
    // A validator that fails on some value says nothing about the values: no verdict rather than a crash.
    return [];
  }
  const issues = schemaIssues(errors, 'error', 'values').map((issue) => ({ ...issue, ...(VALUES_CODES[issue.code] ?? VALUES_CODES['invalid-value']!) }));
  return issueDiagnostics(parsed, issues);
}

function compiledSchema(text: string): Compiled {
  const cached = compiledSchemas.get(text);
  if (cached) return cached;
  const compiled = compile(text);
  compiledSchemas.set(text, compiled);
  if (compiledSchemas.size > MAX_CACHED_SCHEMAS) compiledSchemas.delete(compiledSchemas.keys().next().value as string);
  return compiled;
}

function compile(text: string): Compiled {
  if (text.length > MAX_VALUES_SCHEMA_CHARS) return { broken: `it is over ${MAX_VALUES_SCHEMA_CHARS / 1_000_000} MB, too large to check values against here.` };
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return { broken: `it is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (typeof schema !== 'boolean' && !isPlainObject(schema)) return { broken: 'a schema is a JSON object (or true or false).' };
  const dialect = isPlainObject(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = {
    strict: false,
    allErrors: true,
    verbose: true,
    // Helm does not check formats unless asked; neither does Berth, so no valid value is refused.
    validateFormats: false,
    allowUnionTypes: true,
    logger: false as const,
    code: { optimize: false },
  };
  const ajv = dialect.includes('2020-12') ? new Ajv2020(options) : dialect.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  try {
    return { validate: ajv.compile(safeSchema(schema, dialect) as object) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { broken: /can't resolve reference/.test(message) ? `${message} (references to other files or URLs are not followed).` : message };
  }
}

/** Keywords whose values are data, never schemas: their `pattern` keys are left as they are. */
const DATA_KEYWORDS = new Set(['default', 'enum', 'const', 'examples', 'example', 'required', 'description', 'title']);

/** Keywords whose values map names to schemas: a name such as `default` there is no keyword. */
const SCHEMA_MAPS = new Set(['properties', 'definitions', '$defs', 'dependentSchemas']);

/** A copy of the schema with patterns made safe (see safePattern) and an unknown `$schema` dropped. */
function safeSchema(schema: unknown, dialect: string, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((item) => safeSchema(item, dialect, false));
  if (!isPlainObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  let droppedPropertyPattern = false;
  for (const [keyword, value] of Object.entries(schema)) {
    if (DATA_KEYWORDS.has(keyword)) out[keyword] = value;
    else if (keyword === '$schema' && root && !/draft-0[67]|2019-09|2020-12/.test(dialect)) continue;
    else if (keyword === 'pattern' && typeof value === 'string') {
      const pattern = safePattern(value);
      if (pattern !== undefined) out[keyword] = pattern;
    } else if (keyword === 'patternProperties' && isPlainObject(value)) {
      const properties: Record<string, unknown> = {};
      for (const [pattern, property] of Object.entries(value)) {
        const safe = safePattern(pattern);
        // A property pattern that cannot run safely matches nothing: its properties go unchecked.
        if (safe !== undefined) properties[safe] = safeSchema(property, dialect, false);
        else droppedPropertyPattern = true;
      }
      out[keyword] = properties;
    } else if (SCHEMA_MAPS.has(keyword) && isPlainObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, safeSchema(property, dialect, false)]));
    } else out[keyword] = safeSchema(value, dialect, false);
  }
  // The properties the dropped pattern matched would now count as additional: they are let be instead.
  if (droppedPropertyPattern) delete out.additionalProperties;
  return out;
}
