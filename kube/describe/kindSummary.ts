/** The per-kind part of a describe: what matters of a workload, Pod, Service, ConfigMap, Secret or Node. Pure. */
import { base64Bytes, maskSecretData, type Reveal } from '../masking';
import type { KubeObject } from '../registry';
import { rolloutState } from '../workloads';
import { clip, codeSpan, get, labelsText, markdownText, type Json } from './text';

function selectorText(selector: unknown): string {
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | Record<string, string> | undefined;
  if (!s) return '<none>';
  if ('matchLabels' in s || 'matchExpressions' in s) {
    const m = s as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    const parts = [...Object.entries(m.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`), ...(m.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} (${(e.values ?? []).join(',')})`)];
    return parts.length > 0 ? codeSpan(parts.join(',')) : '<none>';
  }
  return labelsText(s as Record<string, string>);
}

function containersOf(template: unknown): string[] {
  const containers = (get(template, 'spec', 'containers') as { name: string; image?: string }[] | undefined) ?? [];
  return containers.map((c) => `${codeSpan(c.name)}: ${markdownText(c.image ?? '?')}`);
}

/** Markdown list lines summing up the object's spec and status; Secret values masked but for what `reveal` names. */
export function kindSummary(object: KubeObject, reveal: Reveal): string[] {
  const o = object as Json;
  const out: string[] = [];
  const line = (key: string, value: unknown) => out.push(`- **${key}:** ${value}`);
  switch (object.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'DaemonSet': {
      const status = (o['status'] ?? {}) as Json;
      if (object.kind !== 'DaemonSet') {
        line('Replicas', `${get(o, 'spec', 'replicas') ?? 1} desired, ${status['updatedReplicas'] ?? 0} updated, ${status['readyReplicas'] ?? 0} ready, ${status['availableReplicas'] ?? 0} available`);
      } else {
        line('Pods', `${status['desiredNumberScheduled'] ?? 0} desired, ${status['numberReady'] ?? 0} ready, ${status['numberAvailable'] ?? 0} available`);
      }
      line('Selector', selectorText(get(o, 'spec', 'selector')));
      const strategy = get(o, 'spec', 'strategy', 'type') ?? get(o, 'spec', 'updateStrategy', 'type');
      if (strategy) line('Strategy', strategy);
      if (object.kind === 'Deployment' || object.kind === 'StatefulSet') line('Rollout', rolloutState(object.kind, object).message);
      if (object.kind === 'Deployment' && get(o, 'spec', 'paused')) line('Paused', 'yes');
      const revision = object.metadata.annotations?.['deployment.kubernetes.io/revision'];
      if (revision) line('Revision', revision);
      for (const c of containersOf(get(o, 'spec', 'template'))) line('Container', c);
      break;
    }
    case 'Pod': {
      line('Phase', markdownText(get(o, 'status', 'phase') ?? 'Unknown'));
      line('Node', get(o, 'spec', 'nodeName') ? markdownText(get(o, 'spec', 'nodeName')) : '<none>');
      line('IP', get(o, 'status', 'podIP') ? markdownText(get(o, 'status', 'podIP')) : '<none>');
      const statuses = (get(o, 'status', 'containerStatuses') as { name: string; ready?: boolean; restartCount?: number; state?: Json }[] | undefined) ?? [];
      for (const c of (get(o, 'spec', 'containers') as { name: string; image?: string }[] | undefined) ?? []) {
        const s = statuses.find((x) => x.name === c.name);
        const state = s?.state ? Object.keys(s.state)[0] : 'unknown';
        const reason = s?.state && state ? (get(s.state, state, 'reason') as string | undefined) : undefined;
        line('Container', `${codeSpan(c.name)}: ${markdownText(c.image ?? '?')}; ${markdownText(state)}${reason ? ` (${markdownText(reason)})` : ''}; ${s?.ready ? 'ready' : 'not ready'}; ${s?.restartCount ?? 0} restarts`);
      }
      break;
    }
    case 'Service': {
      line('Type', markdownText(get(o, 'spec', 'type') ?? 'ClusterIP'));
      line('Cluster IP', get(o, 'spec', 'clusterIP') ? markdownText(get(o, 'spec', 'clusterIP')) : '<none>');
      line('Selector', labelsText(get(o, 'spec', 'selector') as Record<string, string> | undefined));
      const ports = (get(o, 'spec', 'ports') as { name?: string; port: number; targetPort?: unknown; protocol?: string }[] | undefined) ?? [];
      line('Ports', ports.length === 0 ? '<none>' : ports.map((p) => markdownText(`${p.name ? `${p.name} ` : ''}${p.port}→${String(p.targetPort ?? p.port)}/${p.protocol ?? 'TCP'}`)).join(', '));
      break;
    }
    case 'ConfigMap': {
      const data = (o['data'] ?? {}) as Record<string, string>;
      const binary = (o['binaryData'] ?? {}) as Record<string, string>;
      if (Object.keys(data).length + Object.keys(binary).length === 0) line('Data', '<none>');
      for (const [k, v] of Object.entries(data)) line(codeSpan(k), `${codeSpan(clip(v, 120))} (${Buffer.byteLength(v)} bytes)`);
      for (const [k, v] of Object.entries(binary)) line(codeSpan(k), `binary, ${base64Bytes(v)} bytes`);
      break;
    }
    case 'Secret': {
      line('Type', markdownText(o['type'] ?? 'Opaque'));
      const entries = maskSecretData(o['data'] as Record<string, string> | undefined, reveal);
      if (entries.length === 0) line('Data', '<none>');
      for (const e of entries) line(codeSpan(e.key), e.revealed ? `${codeSpan(clip(e.value, 500))} (${e.bytes} bytes)` : e.value);
      if (entries.some((e) => !e.revealed)) out.push('', '_Values hidden; describe with reveal to show them._');
      break;
    }
    case 'Node': {
      const capacity = (get(o, 'status', 'capacity') ?? {}) as Record<string, string>;
      line('Capacity', markdownText(Object.entries(capacity).map(([k, v]) => `${k}=${v}`).join(', ')) || '<none>');
      const taints = (get(o, 'spec', 'taints') as { key: string; value?: string; effect: string }[] | undefined) ?? [];
      line('Taints', taints.length === 0 ? '<none>' : taints.map((t) => codeSpan(`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)).join(', '));
      if (get(o, 'spec', 'unschedulable')) line('Unschedulable', 'yes (cordoned)');
      break;
    }
    default:
      break;
  }
  return out;
}
