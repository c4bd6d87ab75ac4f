import type { ErrorObject } from 'ajv';
import type { UnknownFieldsSeverity } from '../settings';
import { closestMatches } from './closestMatches';
import { describeTypes, describeValue, dottedPath, fieldName, truncate } from './describeValue';
import type { Issue } from './issue';
import { stringFormat } from '../schema/crd/formats/stringFormats';
import { FORMAT_KEYWORD } from '../schema/crd/structuralSchema';

/** Turns ajv's errors (run with allErrors and verbose) into issues with human messages. */
export function schemaIssues(errors: readonly ErrorObject[], unknownFields: UnknownFieldsSeverity, kind: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of withoutCombinatorNoise(errors)) {
    const issue = toIssue(error, unknownFields, kind);
    if (!issue) continue;
    const key = `${issue.code}|${issue.path.join('/')}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(segment) ? Number(segment) : segment;
    });
}

/**
 * anyOf/oneOf report every branch's failure plus their own. Keep one clear message: when all
 * branches failed on type, a single "must be X or Y"; otherwise the branch errors that got
 * deepest into the data, which are the ones the author meant.
 */
function withoutCombinatorNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (combinators.length === 0) return [...errors];
  const dropped = new Set<ErrorObject>();
  const extra: ErrorObject[] = [];
  for (const combinator of combinators) {
    const prefix = combinator.schemaPath + '/';
    const branchErrors = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(prefix));
    for (const e of branchErrors) dropped.add(e);
    dropped.add(combinator);
    if (branchErrors.length === 0) continue;
    const atSamePath = branchErrors.filter((e) => e.instancePath === combinator.instancePath);
    if (atSamePath.length === branchErrors.length && atSamePath.every((e) => e.keyword === 'type')) {
      const types = atSamePath.flatMap((e) => {
        const t = (e.params as { type?: string | string[] }).type;
        return Array.isArray(t) ? t : t ? [t] : [];
      });
      extra.push({ ...combinator, keyword: 'type', params: { type: [...new Set(types)] } });
      continue;
    }
    if (atSamePath.length === branchErrors.length && atSamePath.every((e) => e.keyword === FORMAT_KEYWORD)) {
      // `anyOf: [{format: ipv4}, {format: ipv6}]`: one message naming every format.
      extra.push({ ...combinator, keyword: FORMAT_KEYWORD, schema: [...new Set(atSamePath.map((e) => String(e.schema)))].join(' or ') });
      continue;
    }
    const deepest = Math.max(...branchErrors.map((e) => e.instancePath.length));
    extra.push(...branchErrors.filter((e) => e.instancePath.length === deepest && e.keyword !== 'anyOf' && e.keyword !== 'oneOf'));
  }
  return [...errors.filter((e) => !dropped.has(e)), ...extra];
}

function toIssue(error: ErrorObject, unknownFields: UnknownFieldsSeverity, kind: string): Issue | undefined {
  const path = pathOf(error.instancePath);
  const name = fieldName(path, kind);
  const value: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return {
        path,
        on: 'value',
        severity: 'error',
        code: 'invalid-type',
        message: `${name} must be ${describeTypes(params.type as string | string[])}, not ${describeValue(value)}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v));
      const suggestions = typeof value === 'string' ? closestMatches(value, allowed) : [];
      const hint = suggestions[0] !== undefined ? ` (did you mean "${suggestions[0]}"?)` : '';
      return {
        path,
        on: 'value',
        severity: 'error',
        code: 'invalid-enum',
        message: `${name} must be one of ${allowed.join(', ')}, not ${describeValue(value)}${hint}`,
        data: { replacements: suggestions.length > 0 ? suggestions : allowed },
      };
    }
    case 'const':
      return {
        path,
        on: 'value',
        severity: 'error',
        code: 'invalid-value',
        message: `${name} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(value)}`,
        data: { replacements: [String(params.allowedValue)] },
      };
    case 'required': {
      const missing = String(params.missingProperty);
      const where = path.length === 0 ? kind : dottedPath(path);
      return {
        path,
        on: 'key',
        severity: 'error',
        code: 'missing-required',
        message: `${where} is missing the required field "${missing}"`,
        data: { insertField: { name: missing, placeholder: placeholderFor(error, missing) } },
      };
    }
    case 'additionalProperties': {
      if (unknownFields === 'ignore') return undefined;
      const field = String(params.additionalProperty);
      const known = Object.keys((parentSchema.properties as object | undefined) ?? {});
      const suggestions = closestMatches(field, known);
      const where = path.length === 0 ? `a ${kind}` : dottedPath(path);
      const hint = suggestions[0] !== undefined ? ` (did you mean "${suggestions[0]}"?)` : '';
      return {
        path: [...path, field],
        on: 'key',
        severity: unknownFields,
        code: 'unknown-field',
        message: `Unknown field "${field}" in ${where}${hint}`,
        data: { replacements: suggestions },
      };
    }
    case 'pattern': {
      const description = parentSchema['x-pattern-description'];
      const rule = typeof description === 'string' ? description : (KNOWN_PATTERNS.find(([test]) => test(String(params.pattern)))?.[1] ?? `text matching ${String(params.pattern)}`);
      return { path, on: 'value', severity: 'error', code: 'invalid-format', message: `${name} must be ${rule}, not ${describeValue(value)}` };
    }
    case FORMAT_KEYWORD: {
      const format = String(error.schema);
      const examples = format.split(' or ').flatMap((f) => stringFormat(f)?.example ?? []);
      const such = examples.length > 0 ? ` (such as ${examples.join(' or ')})` : '';
      return { path, on: 'value', severity: 'error', code: 'invalid-format', message: `${name} must be in the format ${format}${such}, not ${describeValue(value)}` };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const words = { minimum: 'at least', exclusiveMinimum: 'greater than', maximum: 'at most', exclusiveMaximum: 'less than' }[error.keyword];
      return { path, on: 'value', severity: 'error', code: 'out-of-range', message: `${name} must be ${words} ${String(params.limit)}, not ${String(value)}` };
    }
    case 'minLength':
    case 'maxLength': {
      const words = error.keyword === 'minLength' ? 'at least' : 'at most';
      const length = typeof value === 'string' ? ` (it has ${value.length})` : '';
      return { path, on: 'value', severity: 'error', code: 'invalid-length', message: `${name} must be ${words} ${String(params.limit)} characters long${length}` };
    }
    case 'minItems':
    case 'maxItems': {
      const words = error.keyword === 'minItems' ? 'at least' : 'at most';
      return { path, on: 'value', severity: 'error', code: 'invalid-length', message: `${name} must have ${words} ${String(params.limit)} items` };
    }
    case 'uniqueItems':
      return { path, on: 'value', severity: 'error', code: 'duplicate-item', message: `${name} must not repeat items (items ${String(params.j)} and ${String(params.i)} are equal)` };
    case 'minProperties':
      return { path, on: 'value', severity: 'error', code: 'invalid-length', message: `${name} must not be empty` };
    case 'multipleOf':
      return { path, on: 'value', severity: 'error', code: 'out-of-range', message: `${name} must be a multiple of ${String(params.multipleOf)}` };
    case 'not':
      return { path, on: 'value', severity: 'error', code: 'invalid-value', message: `${name} has a value that is not allowed here` };
    case 'if':
    case 'false schema':
      return undefined;
    default:
      return { path, on: 'value', severity: 'error', code: 'invalid-value', message: `${name} ${truncate(error.message ?? 'is invalid', 200)}` };
  }
}

/** Human wording for patterns that schemas carry without a description of their own. */
const KNOWN_PATTERNS: readonly (readonly [(pattern: string) => boolean, string])[] = [
  [(p) => p.includes('[KMGTPE]i'), 'a quantity such as 500m, 2, 1.5 or 512Mi'],
];

/** A placeholder for a missing field, taken from its schema: its default, first enum value or type. */
function placeholderFor(error: ErrorObject, field: string): string {
  const properties = ((error.parentSchema ?? {}) as { properties?: Record<string, Record<string, unknown>> }).properties;
  const schema = properties?.[field];
  if (!schema) return '""';
  if (schema.default !== undefined && typeof schema.default !== 'object') return String(schema.default);
  const enumValues = schema.enum as unknown[] | undefined;
  if (enumValues?.[0] !== undefined) return String(enumValues[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return '0';
  if (type === 'boolean') return 'false';
  if (type === 'object') return '{}';
  if (type === 'array') return '[]';
  return '""';
}
