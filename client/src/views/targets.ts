/**
 * What a tree node (Clusters or Platform view) points at. Commands run from a context menu get the
 * node and read its `target`; run from the palette they ask for one. One shape for both views.
 */
export type BerthTarget =
  | { readonly type: 'context'; readonly context: string }
  | { readonly type: 'namespace'; readonly context: string; readonly namespace: string }
  | {
      readonly type: 'object';
      readonly context: string;
      /** Undefined for cluster-scoped objects (Nodes, Namespaces). */
      readonly namespace?: string;
      readonly apiVersion: string;
      readonly kind: string;
      readonly name: string;
    }
  | { readonly type: 'container'; readonly context: string; readonly namespace: string; readonly pod: string; readonly container: string }
  | { readonly type: 'nodePool'; readonly context: string; readonly pool: string; readonly cluster: string }
  | {
      readonly type: 'clusterDocument';
      /** The Cluster document's file and name. */
      readonly uri: string;
      readonly name: string;
      readonly provider: string;
      /** The kubeconfig context when the cluster exists (created, or registered and found). */
      readonly context?: string;
    }
  | {
      readonly type: 'platformDocument';
      readonly uri: string;
      readonly kind: 'NodePool' | 'Application';
      readonly name: string;
      readonly context?: string;
      /** The cluster group the row sits under (an Application on several clusters has a row under each). */
      readonly cluster?: string;
    };

/** Nodes that commands can act on carry their target. */
export interface TargetNode {
  readonly target?: BerthTarget;
}

/**
 * The tree item `contextValue` of a target; package.json menus match it with `viewItem =~ /.../`.
 *   berth.context, berth.namespace, berth.container, berth.nodePool,
 *   berth.object.<Kind> (e.g. berth.object.Deployment, berth.object.Pod, berth.object.Secret),
 *   berth.clusterDocument.created | berth.clusterDocument.notCreated | berth.clusterDocument.registered,
 *   berth.platformDocument.<Kind>
 */
export function contextValueOf(target: BerthTarget): string {
  switch (target.type) {
    case 'object':
      return `berth.object.${target.kind}`;
    case 'clusterDocument':
      return target.provider === 'registered' ? 'berth.clusterDocument.registered' : `berth.clusterDocument.${target.context ? 'created' : 'notCreated'}`;
    case 'platformDocument':
      return `berth.platformDocument.${target.kind}`;
    default:
      return `berth.${target.type}`;
  }
}
