import type { PathSegment } from '../yaml/parseChunk';

export type IssueSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A related place, in this or another document, that explains an issue. */
export interface RelatedLocation {
  readonly uri: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly message: string;
}

/**
 * A finding about one document, addressed by its path in the document's data. The path is
 * turned into the narrowest source range later, once, by the code that holds the AST.
 */
export interface Issue {
  readonly path: readonly PathSegment[];
  /** `key`: the range of the key at `path` (unknown field, missing child); `value`: its value. */
  readonly on: 'key' | 'value';
  readonly severity: IssueSeverity;
  readonly code: string;
  readonly message: string;
  /** Machine-readable hints for quick fixes (replacement values, a field to insert). */
  readonly data?: IssueData;
  readonly related?: readonly RelatedLocation[];
}

export interface IssueData {
  /** Values that would fix the issue, best first. */
  readonly replacements?: readonly string[];
  /** A required field to insert under the path, with a placeholder value. */
  readonly insertField?: { readonly name: string; readonly placeholder: string };
  /** A replacement apiVersion (removed APIs). */
  readonly apiVersion?: string;
  /** The Pod Security control a `pod-security` finding is about, and whether the restricted quick fix repairs it. */
  readonly podSecurity?: { readonly control: string; readonly fixable: boolean };
}
