/**
 * A live object as a user edits it before deploying it again (Open in Editor): Secret values
 * masked, and without what the server keeps for itself; the same cleaning as the diff's, plus
 * what a re-apply should not carry (the Deployment controller's revision, selfLink).
 */
import { cleanForDiff } from './deployDiff';
import { redactObject } from './describe';
import type { KubeObject } from './resources';

const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision'];

export function editableObject(object: KubeObject): KubeObject {
  const copy = cleanForDiff(redactObject(object)) as KubeObject;
  if (!copy.metadata) return copy;
  delete copy.metadata['selfLink'];
  const annotations = copy.metadata.annotations;
  if (annotations) {
    for (const key of CONTROLLER_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}
