import type { Issue } from '../validate/issue';
import type { ManifestEntry } from './workspaceIndex';

/** An issue found by looking at several documents, attached to the document it is reported on. */
export interface CrossIssue {
  readonly entry: ManifestEntry;
  readonly issue: Issue;
}
