/**
 * A live object as a user edits it before deploying it again (Open in Editor): Secret values
 * masked, and without what the server keeps for itself (the same stripping as the deploy diff's).
 */
import { maskSecrets } from './masking';
import { withoutServerFields } from './objects';
import type { KubeObject } from './registry';

export function editableObject(object: KubeObject): KubeObject {
  return withoutServerFields(maskSecrets(object)) as KubeObject;
}
