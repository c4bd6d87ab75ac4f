import { closestMatches } from '../validate/closestMatches';
import { describeValue, dottedPath } from '../validate/describeValue';
import type { Issue, IssueSeverity } from '../validate/issue';
import type { PathSegment } from '../yaml/parseChunk';
import { isPlainObject } from './fileIssues';

/**
 * The Go struct a tool decodes a file into, as far as checking it goes: which fields exist and
 * what type each holds. Both Helm and kustomize decode YAML through JSON into such structs.
 */
export type FieldShape =
  | { readonly type: 'string' | 'boolean' | 'integer' | 'any' }
  | { readonly type: 'list'; readonly items: FieldShape }
  /** A map with free keys (labels, annotations): every value has the `values` shape. */
  | { readonly type: 'map'; readonly values: FieldShape }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, FieldShape>> };

export const STRING: FieldShape = { type: 'string' };
export const BOOLEAN: FieldShape = { type: 'boolean' };
export const INTEGER: FieldShape = { type: 'integer' };
export const ANY: FieldShape = { type: 'any' };
export const STRINGS: FieldShape = { type: 'list', items: STRING };
export const STRING_MAP: FieldShape = { type: 'map', values: STRING };
export const object = (fields: Record<string, FieldShape>): FieldShape => ({ type: 'object', fields });
export const listOf = (items: FieldShape): FieldShape => ({ type: 'list', items });

/** A diagnostic code and the level it is reported at. */
export interface CodeLevel {
  readonly code: string;
  readonly severity: IssueSeverity;
}

export interface ShapeRules {
  /** The codes of the three findings: an unknown field, a wrong type, and a number or boolean where a string belongs. */
  readonly codes: { readonly unknownField: CodeLevel; readonly invalidType: CodeLevel; readonly notAString: CodeLevel };
  /** Who refuses the file, for messages: `Helm`, `kustomize build`. */
  readonly tool: string;
  /**
   * How a number or boolean where a string belongs is read: Helm's decoder turns it into a
   * string (a warning, since `1.10` becomes "1.1"); kustomize's strict decoder refuses it.
   */
  readonly scalarsForStrings: 'converted' | 'refused';
  /** What becomes of an unknown field: kustomize refuses the file, Helm ignores the field (its linter warns). */
  readonly unknownFieldConsequence: string;
  /** The field's source text, to show when a number's string differs from what was written. */
  readonly sourceOf?: (path: readonly PathSegment[]) => string | undefined;
}

const YAML_11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** At most this many findings per file: a wrong file is wrong enough after a few. */
const MAX_ISSUES = 100;

/** What in `value` does not fit `shape`: unknown fields and wrong types. */
export function shapeIssues(value: unknown, shape: FieldShape, rules: ShapeRules, path: PathSegment[] = []): Issue[] {
  const issues: Issue[] = [];
  walk(value, shape, rules, path, issues);
  return issues.slice(0, MAX_ISSUES);
}

function walk(value: unknown, shape: FieldShape, rules: ShapeRules, path: PathSegment[], issues: Issue[]): void {
  if (issues.length >= MAX_ISSUES || value === null || value === undefined || shape.type === 'any') return;
  const name = path.length === 0 ? 'the file' : dottedPath(path);
  const wrongType = (expected: string): void => {
    issues.push({ path, on: 'value', ...rules.codes.invalidType, message: `${name} must be ${expected}, not ${describeValue(value)}: ${rules.tool} refuses the file.` });
  };
  switch (shape.type) {
    case 'string':
      if (typeof value === 'string') {
        // Both tools read YAML 1.1, where a bare yes, no, on, off, y or n is a boolean.
        const written = rules.sourceOf?.(path)?.trim();
        if (written === undefined || !YAML_11_BOOLEAN.test(written)) return;
        if (rules.scalarsForStrings === 'refused') return wrongType('a string');
        issues.push({ path, on: 'value', ...rules.codes.notAString, message: `${name} is written as ${written}, which ${rules.tool} reads as a boolean (YAML 1.1): it sees "${/^(y|yes|on)$/i.test(written) ? 'true' : 'false'}". Quote it to keep "${written}".`, data: { replacements: [JSON.stringify(written)] } });
        return;
      }
      if ((typeof value === 'number' || typeof value === 'boolean') && rules.scalarsForStrings === 'converted') {
        const written = rules.sourceOf?.(path);
        const read = String(value);
        const changed = written !== undefined && written.trim() !== read;
        const message = changed
          ? `${name} is written as ${written.trim()}, which YAML reads as the ${typeof value} ${read}: ${rules.tool} sees "${read}". Quote it to keep "${written.trim()}".`
          : `${name} is a ${typeof value}, not a string: ${rules.tool} reads it as "${read}". Quote it to say so.`;
        issues.push({ path, on: 'value', ...rules.codes.notAString, message, data: { replacements: [JSON.stringify(changed ? written.trim() : read)] } });
        return;
      }
      return wrongType('a string');
    case 'boolean':
      if (typeof value !== 'boolean') wrongType('true or false');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrongType('an integer');
      return;
    case 'list':
      if (!Array.isArray(value)) return wrongType('a list');
      value.forEach((item, index) => walk(item, shape.items, rules, [...path, index], issues));
      return;
    case 'map':
      if (!isPlainObject(value)) return wrongType('a mapping');
      for (const [key, item] of Object.entries(value)) walk(item, shape.values, rules, [...path, key], issues);
      return;
    case 'object': {
      if (!isPlainObject(value)) return wrongType('a mapping');
      const known = Object.keys(shape.fields);
      for (const [key, item] of Object.entries(value)) {
        // Both decode through Go's encoding/json, which matches field names regardless of case.
        const field = Object.prototype.hasOwnProperty.call(shape.fields, key) ? shape.fields[key] : shape.fields[known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? ''];
        if (field) {
          walk(item, field, rules, [...path, key], issues);
          continue;
        }
        const suggestions = closestMatches(key, known);
        const hint = suggestions[0] !== undefined ? ` (did you mean "${suggestions[0]}"?)` : '';
        const where = path.length === 0 ? '' : ` in ${name}`;
        issues.push({ path: [...path, key], on: 'key', ...rules.codes.unknownField, message: `Unknown field "${key}"${where}${hint}: ${rules.unknownFieldConsequence}.`, data: { replacements: suggestions } });
      }
      return;
    }
  }
}
