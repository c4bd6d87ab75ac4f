import type { RelatedLocation } from '../../validate/issue';
import type { PathSegment } from '../../yaml/parseChunk';

/** What a check found, before settings and annotations decide whether and how it is reported. */
export interface Finding {
  readonly id: string;
  readonly path: readonly PathSegment[];
  readonly on: 'key' | 'value';
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
}

/** Whether a check runs: checks switched off are not even computed. */
export type Enabled = (id: string) => boolean;
