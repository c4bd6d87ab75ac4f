import * as vscode from 'vscode';
import { err, ok, type Result } from '../../../platform/result';
import { collectionPath, knownKind, kubeError, type KubeClient, type KubeError, type KubeObject, type ResourceInfo } from '../../../kube';
import type { Prompts } from '../prompts/prompts';
import type { BerthTarget } from '../views/targets';
import type { KubeSession } from './session';

export type ObjectTarget = Extract<BerthTarget, { type: 'object' }>;
export type NamespaceTarget = Extract<BerthTarget, { type: 'namespace' }>;

const TARGET_TYPES = new Set(['context', 'namespace', 'object', 'container', 'nodePool', 'clusterDocument', 'platformDocument']);

function isTarget(value: unknown): value is BerthTarget {
  return typeof value === 'object' && value !== null && TARGET_TYPES.has(String((value as { type?: unknown }).type));
}

/**
 * The target a command was invoked with: a tree node's `target` (context menus), a BerthTarget
 * itself (tests, other commands), or nothing (the palette).
 */
export function targetOf(arg: unknown): BerthTarget | undefined {
  if (isTarget(arg)) return arg;
  const nested = typeof arg === 'object' && arg !== null ? (arg as { target?: unknown }).target : undefined;
  return isTarget(nested) ? nested : undefined;
}

/** "Deployment shop/web" */
export function objectLabel(target: ObjectTarget): string {
  return `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}

export interface Picking {
  readonly session: KubeSession;
  readonly prompts: Prompts;
}

/**
 * The context of a target, else the selected one (Use Context changes it), else the one the user
 * picks; `pick: true` always asks (Use Context itself), with the selected context first.
 */
export async function contextFor(picking: Picking, target: BerthTarget | undefined, title: string, options: { pick?: boolean } = {}): Promise<Result<string | undefined, KubeError>> {
  if (target && 'context' in target && target.context) return ok(target.context);
  const kubeconfig = picking.session.kubeconfig();
  if (!kubeconfig.ok) return kubeconfig;
  const selected = picking.session.selection().context;
  if (!options.pick && selected !== undefined) return ok(selected);
  const contexts = [...kubeconfig.value.contexts].sort((a, b) => Number(b.name === selected) - Number(a.name === selected));
  if (contexts.length === 0) return err(kubeError('invalidKubeconfig', `No contexts in ${kubeconfig.value.files.join(', ') || 'any kubeconfig'}: register a kubeconfig or create a cluster.`));
  const servers = new Map(kubeconfig.value.clusters.map((c) => [c.name, c.server]));
  return ok(
    await picking.prompts.pick(
      contexts.map((c) => ({ label: c.name, description: `${c.name === selected ? 'selected · ' : ''}${servers.get(c.cluster) ?? ''}`, value: c.name })),
      { title, placeHolder: 'Kubernetes context' },
    ),
  );
}

/** The names of the objects of one kind in a namespace, sorted. */
export async function listNames(client: KubeClient, info: ResourceInfo, namespace: string | undefined, signal?: AbortSignal): Promise<Result<string[], KubeError>> {
  const listed = await client.request<{ items?: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(info, namespace),
    operation: { verb: 'list', resource: info.plural, ...(namespace ? { namespace } : {}) },
    ...(signal ? { signal } : {}),
  });
  if (!listed.ok) return listed;
  return ok((listed.value.body.items ?? []).map((o) => o.metadata?.name).filter((n): n is string => typeof n === 'string').sort());
}

export function infoOf(kind: string): ResourceInfo {
  return knownKind(kind) ?? { apiVersion: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced: true };
}

/**
 * The object a command acts on: the node's target when it is one of `kinds` (a container node
 * means its Pod), else one the user picks among the objects of `kinds` in the namespace of the
 * node, or in the selected context and namespace. Undefined when the user dismissed a pick.
 */
export async function objectFor(picking: Picking, arg: unknown, kinds: readonly string[], title: string): Promise<Result<ObjectTarget | undefined, KubeError>> {
  const target = targetOf(arg);
  if (target?.type === 'object' && kinds.includes(target.kind)) return ok(target);
  if (target?.type === 'container' && kinds.includes('Pod')) {
    return ok({ type: 'object', context: target.context, namespace: target.namespace, apiVersion: 'v1', kind: 'Pod', name: target.pod });
  }
  if (target?.type === 'object') {
    return err(kubeError('invalid', `${title} works on ${kinds.join(' or ')} objects, not on ${objectLabel(target)}.`));
  }
  const context = await contextFor(picking, target, title);
  if (!context.ok || context.value === undefined) return context as Result<undefined, KubeError>;
  const namespace = target?.type === 'namespace' ? target.namespace : picking.session.namespaceOf(context.value);
  const client = await picking.session.open(context.value, namespace);
  if (!client.ok) return client;
  const items: { label: string; description: string; value: ObjectTarget }[] = [];
  for (const kind of kinds) {
    const info = infoOf(kind);
    const names = await listNames(client.value, info, info.namespaced ? namespace : undefined);
    if (!names.ok) return names;
    for (const name of names.value) {
      items.push({
        label: name,
        description: kind,
        value: { type: 'object', context: context.value, ...(info.namespaced ? { namespace } : {}), apiVersion: info.apiVersion, kind, name },
      });
    }
  }
  if (items.length === 0) {
    return err(kubeError('notFound', `No ${kinds.join(' or ')} in namespace "${namespace}" of context "${context.value}": pick another namespace with Berth: Use Namespace.`));
  }
  return ok(await picking.prompts.pick(items, { title, placeHolder: `${kinds.join(' / ')} in ${context.value}/${namespace}` }));
}

/** The kinds the palette offers for describe, events, delete, open and copy name. */
export const INSPECTABLE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Job', 'CronJob', 'HorizontalPodAutoscaler'];

/** An object of any inspectable kind: from the node, else pick a kind, then the object. */
export async function anyObjectFor(picking: Picking, arg: unknown, title: string): Promise<Result<ObjectTarget | undefined, KubeError>> {
  const target = targetOf(arg);
  if (target?.type === 'object') return ok(target);
  if (target?.type === 'container') return objectFor(picking, arg, ['Pod'], title);
  const kind = await picking.prompts.pick(INSPECTABLE_KINDS.map((k) => ({ label: k, value: k })), { title, placeHolder: 'Kind' });
  if (kind === undefined) return ok(undefined);
  return objectFor(picking, arg, [kind], title);
}

/** A file URI given by the explorer or editor title menus. */
export function uriOf(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri ? arg : undefined;
}
