/** The fixes an error message offers (pure, for the tests). */
import type { KubeError } from '../../../kube/errors';

export const OPEN_LOG = 'Open log';
export const SELECT_CONTEXT = 'Select another context';
export const REGISTER_KUBECONFIG = 'Register kubeconfig';
export const HOW_TO_START = 'How to start the local cluster';

/** A server on this machine: most likely the Berth local cluster, which the user starts from a terminal. */
function isLocalServer(error: KubeError): boolean {
  return /(127\.0\.0\.1|localhost|\[::1\])/.test(`${error.operation?.server ?? ''} ${error.message}`);
}

/** The fixes a failure of this kind offers besides the log. */
export function fixesFor(error: KubeError): string[] {
  switch (error.kind) {
    case 'unreachable':
    case 'timeout':
      return isLocalServer(error) ? [SELECT_CONTEXT, HOW_TO_START] : [SELECT_CONTEXT];
    case 'invalidKubeconfig':
      return [SELECT_CONTEXT, REGISTER_KUBECONFIG];
    case 'unauthorized':
    case 'forbidden':
      return [SELECT_CONTEXT];
    default:
      return [];
  }
}
