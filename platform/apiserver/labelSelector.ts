/**
 * Label selectors (metav1.LabelSelector and the plain map of ReplicationController and
 * Service): their validation and whether they select a set of labels.
 */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { labelValueErrors, qualifiedNameErrors } from './formats';
import { refusal, type Path } from './refusal';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Label maps: keys are qualified names, values label values (metadata.labels, nodeSelector...). */
export function labelMapIssues(labels: unknown, path: Path, apiPath: Path = path): Issue[] {
  const map = asObject(labels);
  if (!map) return [];
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(map)) {
    for (const error of qualifiedNameErrors(key)) {
      issues.push(refusal({ code: 'label-key-invalid', path: [...path, key], on: 'key', field: apiPath, reason: 'Invalid value', value: key, detail: `label keys are [prefix/]name: ${error}` }));
    }
    const text = asString(value);
    if (text === undefined) continue;
    for (const error of labelValueErrors(text)) {
      issues.push(refusal({ code: 'label-value-invalid', path: [...path, key], field: apiPath, reason: 'Invalid value', value: text, detail: error }));
    }
  }
  return issues;
}

/** A metav1.LabelSelector's own rules; no issues means it can be matched. */
export function labelSelectorIssues(selector: Obj, path: Path): Issue[] {
  const issues = labelMapIssues(selector.matchLabels, [...path, 'matchLabels']);
  asArray(selector.matchExpressions).forEach((item, index) => {
    const expression = asObject(item);
    if (!expression) return;
    const at = [...path, 'matchExpressions', index];
    const key = asString(expression.key);
    if (key !== undefined) {
      for (const error of qualifiedNameErrors(key)) issues.push(refusal({ code: 'label-key-invalid', path: [...at, 'key'], reason: 'Invalid value', value: key, detail: error }));
    }
    const operator = asString(expression.operator);
    const values = Array.isArray(expression.values) ? expression.values : [];
    if (operator === undefined) return;
    if (!OPERATORS.includes(operator)) {
      issues.push(refusal({ code: 'selector-operator-unsupported', path: [...at, 'operator'], reason: 'Unsupported value', value: operator, detail: `a selector expression's operator is one of In, NotIn, Exists, DoesNotExist` }));
    } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      issues.push(refusal({ code: 'selector-values-required', path: at, on: 'key', field: [...at, 'values'], reason: 'Required value', detail: "must be specified when `operator` is 'In' or 'NotIn'" }));
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      issues.push(refusal({ code: 'selector-values-forbidden', path: [...at, 'values'], reason: 'Forbidden', detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" }));
    }
    values.forEach((value, i) => {
      const text = asString(value);
      if (text === undefined) return;
      for (const error of labelValueErrors(text)) issues.push(refusal({ code: 'label-value-invalid', path: [...at, 'values', i], reason: 'Invalid value', value: text, detail: error }));
    });
  });
  return issues;
}

/** Whether a metav1.LabelSelector selects the labels; an empty selector selects everything. */
export function selectorMatches(selector: Obj, labels: Obj): boolean {
  for (const [key, value] of Object.entries(asObject(selector.matchLabels) ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || String(labels[key]) !== String(value)) return false;
  }
  for (const item of asArray(selector.matchExpressions)) {
    const expression = asObject(item);
    const key = asString(expression?.key);
    if (!expression || key === undefined) continue;
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = asArray(expression.values).map(String);
    const value = has ? String(labels[key]) : undefined;
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Whether a selector has any requirement at all. */
export function selectorIsEmpty(selector: Obj): boolean {
  return Object.keys(asObject(selector.matchLabels) ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
}
