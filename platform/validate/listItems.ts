import { asString, type Obj } from '../rules/values';
import type { Issue } from './issue';

/**
 * kubectl applies a List by applying its items one by one: `v1 List` holds any objects, a typed
 * list (`RoleList`, `ConfigMapList`) objects of its item kind. The List itself is never sent.
 */
export function listItemKind(apiVersion: string, kind: string, servesKind: (kind: string) => boolean): string | undefined {
  if (apiVersion === 'v1' && kind === 'List') return '';
  if (kind.length <= 'List'.length || !kind.endsWith('List')) return undefined;
  const itemKind = kind.slice(0, -'List'.length);
  return servesKind(itemKind) ? itemKind : undefined;
}

/**
 * An item's apiVersion and kind. An item of a typed list that names neither is of the list's
 * item kind (kubectl's decoder fills them in); a `v1 List` item must name both.
 */
export function itemIdentity(item: Obj, listApiVersion: string, itemKind: string): { apiVersion: string | undefined; kind: string | undefined } {
  const apiVersion = asString(item.apiVersion);
  const kind = asString(item.kind);
  if (item.apiVersion === undefined && item.kind === undefined && itemKind !== '') return { apiVersion: listApiVersion, kind: itemKind };
  return { apiVersion, kind };
}

/**
 * An item's issue, addressed in the List's document. An issue about the whole item sits on its
 * `kind` key when it has one, as a document-level issue does.
 */
export function inItem(issue: Issue, index: number, item: Obj): Issue {
  if (issue.path.length === 0 && item.kind !== undefined) return { ...issue, path: ['items', index, 'kind'], on: 'key' };
  return { ...issue, path: ['items', index, ...issue.path] };
}
