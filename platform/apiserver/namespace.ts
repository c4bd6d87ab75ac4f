/** Namespaces: the finalizers of their spec (the name's rules are those of every object). */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { qualifiedNameErrors } from './formats';
import { unqualifiedFinalizerErrors } from './metadata';
import { refusal } from './refusal';

export function namespaceIssues(object: Obj): Issue[] {
  const issues: Issue[] = [];
  const spec = object.spec;
  asArray(asObject(spec)?.finalizers).forEach((item, index) => {
    const finalizer = asString(item);
    if (finalizer === undefined) return;
    for (const error of [...qualifiedNameErrors(finalizer), ...unqualifiedFinalizerErrors(finalizer)]) {
      issues.push(refusal({ code: 'finalizer-invalid', path: ['spec', 'finalizers', index], field: 'spec.finalizers', reason: 'Invalid value', value: finalizer, detail: error }));
    }
  });
  return issues;
}
