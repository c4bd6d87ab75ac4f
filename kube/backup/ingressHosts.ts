/**
 * Ingress hosts on a restore into another namespace (pure): the hosts a restored Ingress claims
 * that an Ingress still in the source namespace also claims (the admission lets both exist and
 * the controller then picks one), and `FROM=TO` host rewrites that move a restored Ingress off them.
 */
import type { KubeObject } from '../objects';

/** A host as an Ingress names it: a DNS name, maybe with a leading `*.` wildcard. */
const HOST = /^(\*\.)?(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isIngress(object: KubeObject): boolean {
  return object.kind === 'Ingress' && object.apiVersion.startsWith('networking.k8s.io/');
}

interface IngressSpec {
  rules?: { host?: unknown }[];
  tls?: { hosts?: unknown[] }[];
}

function specOf(object: KubeObject): IngressSpec {
  const spec = object['spec'];
  return spec && typeof spec === 'object' ? (spec as IngressSpec) : {};
}

/** The hosts an Ingress serves (its rules' hosts and its TLS hosts), each once. */
export function ingressHosts(object: KubeObject): string[] {
  const spec = specOf(object);
  const hosts = [
    ...(Array.isArray(spec.rules) ? spec.rules.map((r) => r?.host) : []),
    ...(Array.isArray(spec.tls) ? spec.tls.flatMap((t) => (Array.isArray(t?.hosts) ? t.hosts : [])) : []),
  ];
  return [...new Set(hosts.filter((h): h is string => typeof h === 'string' && h !== ''))];
}

export interface SharedHost {
  /** The restored Ingress, `namespace/name`. */
  readonly ingress: string;
  readonly host: string;
  /** The live Ingress in the source namespace that serves the host too, `namespace/name`. */
  readonly liveIngress: string;
}

const idOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/** Each host a restored Ingress keeps that a live Ingress (not being deleted) still serves. */
export function sharedIngressHosts(restored: readonly KubeObject[], live: readonly KubeObject[]): SharedHost[] {
  const serving = new Map<string, string>();
  for (const ingress of live) {
    if (ingress.metadata['deletionTimestamp']) continue;
    for (const host of ingressHosts(ingress)) if (!serving.has(host)) serving.set(host, idOf(ingress));
  }
  const shared: SharedHost[] = [];
  for (const ingress of restored.filter(isIngress)) {
    for (const host of ingressHosts(ingress)) {
      const liveIngress = serving.get(host);
      if (liveIngress !== undefined && liveIngress !== idOf(ingress)) shared.push({ ingress: idOf(ingress), host, liveIngress });
    }
  }
  return shared;
}

/** `--rewrite-host FROM=TO` parsed; both sides must be hosts. */
export function parseHostRewrite(text: string): { from: string; to: string } | { error: string } {
  const eq = text.indexOf('=');
  const from = text.slice(0, eq).toLowerCase();
  const to = text.slice(eq + 1).toLowerCase();
  if (eq <= 0 || !HOST.test(from) || !HOST.test(to)) return { error: `"${text.slice(0, 120)}" is not FROM=TO with two host names (shop.example.com=shop-2.example.com)` };
  return { from, to };
}

/**
 * The objects with each Ingress host in `rewrites` replaced (rules and TLS), a line per host
 * replaced, and the rewrites no Ingress used; the inputs are not changed.
 */
export function rewriteIngressHosts(objects: readonly KubeObject[], rewrites: ReadonlyMap<string, string>): { objects: KubeObject[]; rewritten: string[]; unused: string[] } {
  const rewritten: string[] = [];
  const used = new Set<string>();
  const out = objects.map((original) => {
    if (!isIngress(original) || !ingressHosts(original).some((h) => rewrites.has(h))) return original;
    const object = JSON.parse(JSON.stringify(original)) as KubeObject;
    const spec = specOf(object);
    const swap = (host: unknown) => (typeof host === 'string' && rewrites.has(host) ? rewrites.get(host)! : host);
    for (const rule of Array.isArray(spec.rules) ? spec.rules : []) if (rule && rewrites.has(rule.host as string)) rule.host = swap(rule.host);
    for (const tls of Array.isArray(spec.tls) ? spec.tls : []) if (tls && Array.isArray(tls.hosts)) tls.hosts = tls.hosts.map(swap);
    for (const host of ingressHosts(original).filter((h) => rewrites.has(h))) {
      used.add(host);
      rewritten.push(`Ingress ${idOf(original)}: ${host} → ${rewrites.get(host)}`);
    }
    return object;
  });
  return { objects: out, rewritten, unused: [...rewrites.keys()].filter((h) => !used.has(h)) };
}
