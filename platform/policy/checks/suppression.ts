import { asObject, asString, field, type Obj } from '../../rules/values';
import type { Issue } from '../../validate/issue';
import { CHECKS, isCheckId, type CheckDefinition } from './catalog';
import { EVERY_CHECK, unknownCheckMessage } from './levels';

/** Berth's own annotation: a comma-separated list of check IDs (or `*`) not to report on the object. */
export const IGNORE_CHECKS_ANNOTATION = 'berth.dev/ignore-checks';
/** kube-linter's: `ignore-check.kube-linter.io/<check>: <reason>`, and one for every check. */
const KUBE_LINTER_PREFIX = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
/** Polaris's: `polaris.fairwinds.com/<check>-exempt: "true"`, and one for every check. */
const POLARIS_PREFIX = 'polaris.fairwinds.com/';
const POLARIS_SUFFIX = '-exempt';
const POLARIS_ALL = 'polaris.fairwinds.com/exempt';

/** The Berth checks each kube-linter and Polaris name stands for. */
const BY_KUBE_LINTER = namesIndex((c) => c.kubeLinter);
const BY_POLARIS = namesIndex((c) => c.polaris);

function namesIndex(names: (check: CheckDefinition) => readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const check of CHECKS) {
    for (const name of names(check)) {
      let ids = index.get(name);
      if (!ids) index.set(name, (ids = []));
      ids.push(check.id);
    }
  }
  return index;
}

export interface Suppressions {
  /** Every check is suppressed. */
  readonly all: boolean;
  readonly ids: ReadonlySet<string>;
  /** Berth's annotation naming what is no check: a typo would otherwise silently suppress nothing. */
  readonly issues: readonly Issue[];
}

const NONE: Suppressions = { all: false, ids: new Set(), issues: [] };

export function isSuppressed(suppressions: Suppressions, id: string): boolean {
  return suppressions.all || suppressions.ids.has(id);
}

/**
 * The checks an object's annotations suppress. kube-linter's and Polaris's annotations name
 * their own checks; the names Berth has no check for are theirs to know, and are passed over.
 */
export function suppressionsOf(object: Obj): Suppressions {
  const annotations = asObject(field(object, 'metadata', 'annotations'));
  if (!annotations) return NONE;
  let all = false;
  const ids = new Set<string>();
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (key === IGNORE_CHECKS_ANNOTATION) {
      const listed = asString(value);
      if (listed === undefined) continue;
      for (const id of listed.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        if (id === EVERY_CHECK) all = true;
        else if (isCheckId(id)) ids.add(id);
        else if (issues.length < 5) issues.push(unknownCheckIssue(id));
      }
    } else if (key === KUBE_LINTER_ALL) {
      all = true;
    } else if (key.startsWith(KUBE_LINTER_PREFIX)) {
      for (const id of BY_KUBE_LINTER.get(key.slice(KUBE_LINTER_PREFIX.length)) ?? []) ids.add(id);
    } else if (key.startsWith(POLARIS_PREFIX) && isTrue(value)) {
      if (key === POLARIS_ALL) all = true;
      else if (key.endsWith(POLARIS_SUFFIX)) {
        for (const id of BY_POLARIS.get(key.slice(POLARIS_PREFIX.length, -POLARIS_SUFFIX.length)) ?? []) ids.add(id);
      }
    }
  }
  return all || ids.size > 0 || issues.length > 0 ? { all, ids, issues } : NONE;
}

/** Polaris exempts only on a value of `true` (any case), as Polaris reads it. */
function isTrue(value: unknown): boolean {
  return typeof value === 'string' ? value.toLowerCase() === 'true' : value === true;
}

function unknownCheckIssue(id: string): Issue {
  return {
    path: ['metadata', 'annotations', IGNORE_CHECKS_ANNOTATION],
    on: 'value',
    severity: 'warning',
    code: 'unknown-check',
    message: `${IGNORE_CHECKS_ANNOTATION}: ${unknownCheckMessage(id)}`,
  };
}
