/**
 * Release steps for Berth Applications on the cluster, over the objects the renderer makes
 * (server/src/core/render/application.ts):
 * - canary: Deployment `<app>` (label berth.dev/track=stable) and `<app>-canary` (track=canary),
 *   one Service selecting both. `promoteCanary` gives the stable Deployment the canary's pod spec,
 *   waits for that rollout, then scales the canary to 0 replicas.
 *   Choice: scale to 0, not delete. The canary Deployment is part of what `berth deploy` renders,
 *   so deleting it would only have the next deploy recreate it (and `--prune` never removes it);
 *   at 0 replicas it costs nothing, keeps its rollout history, and is ready for the next canary.
 * - blueGreen: Deployments `<app>-blue` and `<app>-green` (label berth.dev/color), Service `<app>`
 *   selecting the active colour. `switchBlueGreen` points the Service's selector at the other
 *   colour once that colour's Deployment is fully rolled out with at least one available pod.
 * Changes are made under the field manager "berth-release". The next `berth deploy` of files
 * that still say the old thing (the old image, canary weight, or berth.dev/active-color) is then
 * reported as a field conflict instead of silently undoing the release: update the Application
 * (or deploy with --force-conflicts to go back).
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { collectionPath, objectPath, staticResource, type KubeObject, type Subresource } from './registry';
import type { PodTemplate } from './rolloutRevision';
import { rolloutState, rolloutStatus } from './workloads';
import { ACTIVE_COLOR_ANNOTATION, COLOR_LABEL, TRACK_LABEL } from '../platform/render/labels';

export const RELEASE_FIELD_MANAGER = 'berth-release';

export type Color = 'blue' | 'green';

interface Deployment extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplate };
}

interface Signal {
  readonly signal?: AbortSignal;
}

export interface ReleaseOptions extends Signal {
  /** Default: the client's namespace. */
  readonly namespace?: string;
  /** Server-side dry run: everything is checked, nothing changes (and nothing is awaited). */
  readonly dryRun?: boolean;
}

const apps = (namespace: string, name: string, subresource?: Subresource) => objectPath(staticResource('Deployment'), namespace, name, subresource);

function signalOf(options: Signal): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

async function getDeployment(client: KubeClient, namespace: string, name: string, options: Signal): Promise<Result<Deployment, KubeError>> {
  const r = await client.request<Deployment>({ method: 'GET', path: apps(namespace, name), operation: { verb: 'get', resource: 'deployments', namespace, name }, ...signalOf(options) });
  return r.ok ? ok(r.value.body) : r;
}

function images(template: PodTemplate | undefined): string[] {
  return (template?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}

function patchOptions(options: ReleaseOptions): Record<string, string> {
  return { fieldManager: RELEASE_FIELD_MANAGER, ...(options.dryRun ? { dryRun: 'All' } : {}) };
}

export interface PromoteResult {
  readonly application: string;
  readonly namespace: string;
  readonly stable: string;
  readonly canary: string;
  /** The stable Deployment's images before and after. */
  readonly previousImages: readonly string[];
  readonly images: readonly string[];
  /** Stable replicas before and after (the canary's replicas move over unless an HPA scales the stable Deployment). */
  readonly stableReplicas: { readonly previous: number; readonly replicas: number };
  readonly canaryReplicas: { readonly previous: number; readonly replicas: 0 };
  /** Nothing to do: the stable already runs the canary's pod spec and the canary has 0 replicas. */
  readonly unchanged: boolean;
}

/**
 * Promotes the canary of Application `app`: the stable Deployment `<app>` gets the pod spec of
 * `<app>-canary` (images, env, command, resources...; its own labels stay, the selectors differ
 * by track), plus the canary's replicas unless a HorizontalPodAutoscaler scales it; once that
 * rollout is complete (`timeoutMs`, default 5 minutes) the canary is scaled to 0. Capacity never
 * drops during the promotion. A rollout that does not complete leaves the canary running.
 */
export async function promoteCanary(client: KubeClient, app: string, options: ReleaseOptions & { timeoutMs?: number; onProgress?: (message: string) => void } = {}): Promise<Result<PromoteResult, KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  const canaryName = `${app}-canary`;
  const stable = await getDeployment(client, namespace, app, options);
  if (!stable.ok) return stable.error.kind === 'notFound' ? err({ ...stable.error, message: `Application "${app}" has no stable Deployment "${app}" in namespace "${namespace}" (context "${client.context}"); is it deployed?` }) : stable;
  const canary = await getDeployment(client, namespace, canaryName, options);
  if (!canary.ok) {
    return canary.error.kind === 'notFound'
      ? err({ ...canary.error, message: `Application "${app}" has no canary Deployment "${canaryName}" in namespace "${namespace}": is its release strategy canary?` })
      : canary;
  }
  if (stable.value.metadata.labels?.[TRACK_LABEL] !== 'stable' || canary.value.metadata.labels?.[TRACK_LABEL] !== 'canary') {
    return err(kubeError('invalid', `Deployments "${app}" and "${canaryName}" in namespace "${namespace}" are not a Berth canary release (labels ${TRACK_LABEL}=stable and =canary).`));
  }
  const canarySpec = canary.value.spec?.template?.spec;
  if (!canarySpec) return err(kubeError('invalid', `Deployment "${canaryName}" has no pod template.`));
  const stableBefore = stable.value.spec?.replicas ?? 1;
  const canaryBefore = canary.value.spec?.replicas ?? 1;
  const sameSpec = sameJson(stable.value.spec?.template?.spec, canarySpec);

  const base = {
    application: app,
    namespace,
    stable: app,
    canary: canaryName,
    previousImages: images(stable.value.spec?.template),
    images: images(canary.value.spec?.template),
  };
  if (sameSpec && canaryBefore === 0) {
    return ok({ ...base, stableReplicas: { previous: stableBefore, replicas: stableBefore }, canaryReplicas: { previous: 0, replicas: 0 }, unchanged: true });
  }

  // An HPA owns the stable Deployment's replica count: leave it to the HPA.
  const hpas = await client.request<{ items: { spec?: { scaleTargetRef?: { kind?: string; name?: string } } }[] }>({
    method: 'GET',
    path: collectionPath(staticResource('HorizontalPodAutoscaler'), namespace),
    operation: { verb: 'list', resource: 'horizontalpodautoscalers', namespace },
    ...signalOf(options),
  });
  if (!hpas.ok && hpas.error.kind !== 'notFound') return hpas;
  const autoscaled = hpas.ok && hpas.value.body.items.some((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === app);
  const stableAfter = autoscaled ? stableBefore : stableBefore + canaryBefore;

  const patch: unknown[] = [{ op: 'test', path: '/metadata/resourceVersion', value: stable.value.metadata.resourceVersion }];
  if (!sameSpec) patch.push({ op: 'replace', path: '/spec/template/spec', value: canarySpec });
  if (stableAfter !== stableBefore) patch.push({ op: 'add', path: '/spec/replicas', value: stableAfter });
  if (patch.length > 1) {
    const patched = await client.request({
      method: 'PATCH',
      path: apps(namespace, app),
      contentType: 'application/json-patch+json',
      query: patchOptions(options),
      body: patch,
      operation: { verb: 'patch', resource: 'deployments', namespace, name: app },
      ...signalOf(options),
    });
    if (!patched.ok) {
      if (/test(ing value| operation| failed)/i.test(patched.error.detail ?? patched.error.message)) {
        return err(kubeError('conflict', `Deployment "${app}" in namespace "${namespace}" changed while promoting; run the promotion again.`));
      }
      return patched;
    }
    options.onProgress?.(`deployment/${app}: pod spec of ${canaryName} (${base.images.join(', ')}), ${stableAfter} replicas`);
  }
  if (!options.dryRun) {
    const rolled = await rolloutStatus(client, { kind: 'Deployment', name: app, namespace }, {
      timeoutMs: options.timeoutMs ?? 300_000,
      ...signalOf(options),
      ...(options.onProgress ? { onProgress: (s) => options.onProgress!(s.message) } : {}),
    });
    if (!rolled.ok) {
      return err({ ...rolled.error, message: `${rolled.error.message} The canary "${canaryName}" keeps its ${canaryBefore} replicas; run the promotion again once the stable rollout completes.` });
    }
  }
  if (canaryBefore !== 0) {
    const scaled = await client.request({
      method: 'PATCH',
      path: apps(namespace, canaryName, 'scale'),
      contentType: 'application/merge-patch+json',
      query: patchOptions(options),
      body: { spec: { replicas: 0 } },
      operation: { verb: 'patch', resource: 'deployments/scale', namespace, name: canaryName },
      ...signalOf(options),
    });
    if (!scaled.ok) return scaled;
    options.onProgress?.(`deployment/${canaryName}: scaled from ${canaryBefore} to 0`);
  }
  return ok({ ...base, stableReplicas: { previous: stableBefore, replicas: stableAfter }, canaryReplicas: { previous: canaryBefore, replicas: 0 }, unchanged: false });
}

export interface SwitchResult {
  readonly application: string;
  readonly namespace: string;
  readonly service: string;
  readonly from: Color;
  readonly to: Color;
  /** The Service already selected `to`. */
  readonly unchanged: boolean;
}

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}

/**
 * Switches the blue-green Application `app`: Service `<app>` selects `to` (default: the colour
 * it does not select now). Refused unless `<app>-<to>` is fully rolled out with its pods
 * available, unless `force`.
 */
export async function switchBlueGreen(client: KubeClient, app: string, options: ReleaseOptions & { to?: Color; force?: boolean } = {}): Promise<Result<SwitchResult, KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  if (options.to !== undefined && options.to !== 'blue' && options.to !== 'green') return err(kubeError('invalid', `A colour is blue or green, not "${String(options.to)}".`));
  const service = await client.request<KubeObject & { spec?: { selector?: Record<string, string> } }>({
    method: 'GET',
    path: objectPath(staticResource('Service'), namespace, app),
    operation: { verb: 'get', resource: 'services', namespace, name: app },
    ...signalOf(options),
  });
  if (!service.ok) {
    return service.error.kind === 'notFound'
      ? err({ ...service.error, message: `Application "${app}" has no Service "${app}" in namespace "${namespace}" (context "${client.context}"); is it deployed, with ports?` })
      : service;
  }
  const current = service.value.body.spec?.selector?.[COLOR_LABEL];
  if (current !== 'blue' && current !== 'green') {
    return err(kubeError('invalid', `Service "${app}" in namespace "${namespace}" selects no colour (${COLOR_LABEL}): Application "${app}" is not a blueGreen release.`));
  }
  const to = options.to ?? otherColor(current);
  const base = { application: app, namespace, service: app, from: current as Color, to };
  if (to === current) return ok({ ...base, unchanged: true });

  const targetName = `${app}-${to}`;
  const target = await getDeployment(client, namespace, targetName, options);
  if (!target.ok) return target.error.kind === 'notFound' ? err({ ...target.error, message: `There is no Deployment "${targetName}" in namespace "${namespace}" to switch to.` }) : target;
  if (!options.force) {
    const state = rolloutState('Deployment', target.value);
    // desired 0 first: while a Deployment scales down, its status still counts the old pods.
    const why = state.desired === 0 ? `deployment "${targetName}" is scaled to 0` : !state.done ? state.message : state.available === 0 ? `deployment "${targetName}" has no available pods` : undefined;
    if (why) {
      return err(kubeError('invalid', `Not switching Service "${app}" to ${to}: ${why}. Scale it up and wait for its rollout, or force the switch.`));
    }
  }
  const patched = await client.request({
    method: 'PATCH',
    path: objectPath(staticResource('Service'), namespace, app),
    contentType: 'application/json-patch+json',
    query: patchOptions(options),
    body: [
      { op: 'test', path: `/spec/selector/${COLOR_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: current },
      { op: 'replace', path: `/spec/selector/${COLOR_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: to },
    ],
    operation: { verb: 'patch', resource: 'services', namespace, name: app },
    ...signalOf(options),
  });
  if (!patched.ok) {
    if (/test(ing value| operation| failed)/i.test(patched.error.detail ?? patched.error.message)) {
      return err(kubeError('conflict', `Service "${app}" in namespace "${namespace}" was switched by someone else meanwhile; look again before switching.`));
    }
    return patched;
  }
  return ok({ ...base, unchanged: false });
}
