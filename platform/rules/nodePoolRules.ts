import { closestMatches } from '../validate/closestMatches';
import type { Issue } from '../validate/issue';
import type { InstanceType } from '../model';
import { asInteger, asObject, asString, type Obj } from './values';

/** Rules of PLATFORM.md that a single NodePool document can break. */
export function nodePoolRules(doc: Obj, catalog: readonly InstanceType[]): Issue[] {
  const issues: Issue[] = [];
  const spec = asObject(doc.spec);
  if (!spec) return issues;

  const instanceType = asString(spec.instanceType);
  if (instanceType !== undefined && catalog.length > 0 && !catalog.some((t) => t.name === instanceType)) {
    const names = catalog.map((t) => t.name);
    const suggestions = closestMatches(instanceType, names, 3);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ` Known types: ${names.join(', ')}.`;
    issues.push({
      path: ['spec', 'instanceType'],
      on: 'value',
      severity: 'error',
      code: 'unknown-instance-type',
      message: `Unknown instanceType "${instanceType}": it is not in the instance catalog.${hint}`,
      data: { replacements: suggestions },
    });
  }

  const scaling = asObject(spec.scaling);
  if (scaling) {
    const min = asInteger(scaling.min);
    const max = asInteger(scaling.max);
    const desired = asInteger(scaling.desired);
    if (min !== undefined && max !== undefined && min > max) {
      issues.push(order(['spec', 'scaling', 'min'], `scaling.min (${min}) must not be greater than scaling.max (${max}).`));
    }
    if (desired !== undefined && min !== undefined && desired < min) {
      issues.push(order(['spec', 'scaling', 'desired'], `scaling.desired (${desired}) must be at least scaling.min (${min}).`));
    }
    if (desired !== undefined && max !== undefined && desired > max) {
      issues.push(order(['spec', 'scaling', 'desired'], `scaling.desired (${desired}) must be at most scaling.max (${max}).`));
    }
  }
  return issues;
}

function order(path: string[], message: string): Issue {
  return { path, on: 'value', severity: 'error', code: 'scaling-out-of-order', message };
}
