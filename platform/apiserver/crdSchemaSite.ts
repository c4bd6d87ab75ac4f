/**
 * A place in a CRD's openAPIV3Schema, known two ways: where it is in the document (for the
 * range) and how the apiserver names it in a refusal (`spec.versions[0].schema.openAPIV3Schema
 * .properties[spec].type`, or `spec.validation.openAPIV3Schema...` when every version has the
 * same schema: the apiserver moves it there before validating).
 */
import type { PathSegment } from '../yaml/parseChunk';
import type { Path, Reason, Refusal } from './refusal';

export interface Site {
  readonly doc: Path;
  readonly api: string;
}

/** A site below another, its paths built only when a refusal asks for them (most nodes have none). */
class NestedSite implements Site {
  private docPath: Path | undefined;
  private apiPath: string | undefined;

  constructor(
    private readonly parent: Site,
    private readonly segments: readonly PathSegment[],
    private readonly apiSuffix: string,
  ) {}

  get doc(): Path {
    return (this.docPath ??= [...this.parent.doc, ...this.segments]);
  }

  get api(): string {
    return (this.apiPath ??= `${this.parent.api}${this.apiSuffix}`);
  }
}

export function childSite(site: Site, key: string): Site {
  return new NestedSite(site, [key], `.${key}`);
}

/** `properties[spec]`: a map entry, as Go's field.Path prints it. */
export function keySite(site: Site, key: string, name: string): Site {
  return new NestedSite(site, [key, name], `.${key}[${name}]`);
}

export function indexSite(site: Site, key: string, index: number): Site {
  return new NestedSite(site, [key, index], `.${key}[${index}]`);
}

export interface SchemaRefusal {
  readonly code: string;
  readonly reason: Reason;
  readonly detail?: string;
  readonly value?: unknown;
}

/**
 * The refusal (for `refusal()`) about `key` of the schema node at `site`, or about the node
 * itself when `key` is undefined. A key the node lacks puts the range on the node's own key.
 */
export function schemaField(node: Readonly<Record<string, unknown>>, site: Site, key: string | undefined, r: SchemaRefusal): Refusal {
  const present = key === undefined || Object.hasOwn(node, key);
  const target = key === undefined ? site : childSite(site, key);
  return {
    code: r.code,
    path: present ? target.doc : site.doc,
    on: present && key !== undefined ? (r.value === undefined ? 'key' : 'value') : 'key',
    field: target.api,
    reason: r.reason,
    ...(r.value !== undefined ? { value: r.value } : {}),
    ...(r.detail !== undefined ? { detail: r.detail } : {}),
  };
}
