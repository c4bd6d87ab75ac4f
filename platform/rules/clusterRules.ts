import type { Issue } from '../validate/issue';
import { cidrsOverlap, parseIpv4Cidr } from './cidr';
import { asObject, asString, field, type Obj } from './values';

const LOCAL_PROVIDERS = new Set(['kind', 'kwok']);

/** Rules of PLATFORM.md that a single Cluster document can break. */
export function clusterRules(doc: Obj, supportedVersions: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const spec = asObject(doc.spec);
  if (!spec) return issues;
  const type = asString(spec.type);
  const provider = asString(spec.provider);

  if (spec.controlPlane !== undefined && type !== undefined && type !== 'dedicated') {
    issues.push({
      path: ['spec', 'controlPlane'],
      on: 'key',
      severity: 'error',
      code: 'control-plane-not-dedicated',
      message: `controlPlane is only for type: dedicated; a ${type} cluster's control plane is ${type === 'managed' ? 'owned by the platform' : 'not made of nodes'}. Remove controlPlane or set type: dedicated.`,
    });
  }

  if (provider === 'registered' && spec.registered === undefined) {
    issues.push({
      path: ['spec', 'provider'],
      on: 'value',
      severity: 'error',
      code: 'registered-missing',
      message: 'provider registered needs a spec.registered block naming the kubeconfig context to adopt (registered: {context: my-context}).',
      data: { insertField: { name: 'registered', placeholder: '{context: ""}' } },
    });
  } else if (provider !== undefined && provider !== 'registered' && spec.registered !== undefined) {
    issues.push({
      path: ['spec', 'registered'],
      on: 'key',
      severity: 'error',
      code: 'registered-forbidden',
      message: `registered is only for provider: registered; a ${provider} cluster is created by Berth. Remove it or set provider: registered.`,
    });
  }

  issues.push(...networkRules(spec, provider));

  const version = spec.kubernetesVersion;
  if (typeof version === 'string' && /^\d+\.\d+(\.\d+)?$/.test(version) && supportedVersions.length > 0) {
    const minor = version.split('.').slice(0, 2).join('.');
    if (!supportedVersions.includes(minor)) {
      issues.push({
        path: ['spec', 'kubernetesVersion'],
        on: 'value',
        severity: 'warning',
        code: 'unsupported-kubernetes-version',
        message: `Kubernetes ${version} is not supported; supported versions are ${supportedVersions.join(', ')}.`,
        data: { replacements: [...supportedVersions].reverse() },
      });
    }
  }
  return issues;
}

function networkRules(spec: Obj, provider: string | undefined): Issue[] {
  const issues: Issue[] = [];
  const network = asObject(spec.network);
  if (!network) return issues;
  const cidrs: { key: 'podCIDR' | 'serviceCIDR'; cidr: ReturnType<typeof parseIpv4Cidr> }[] = [];
  for (const key of ['podCIDR', 'serviceCIDR'] as const) {
    const text = asString(network[key]);
    if (text === undefined) continue;
    const cidr = parseIpv4Cidr(text);
    if (!cidr) {
      issues.push({
        path: ['spec', 'network', key],
        on: 'value',
        severity: 'error',
        code: 'invalid-cidr',
        message: `${key} must be an IPv4 CIDR such as ${key === 'podCIDR' ? '10.244.0.0/16' : '10.96.0.0/16'}, not "${text}"`,
      });
    } else {
      cidrs.push({ key, cidr });
    }
  }
  const [pod, service] = cidrs;
  if (pod?.cidr && service?.cidr && cidrsOverlap(pod.cidr, service.cidr)) {
    issues.push({
      path: ['spec', 'network', 'serviceCIDR'],
      on: 'value',
      severity: 'error',
      code: 'cidr-overlap',
      message: `serviceCIDR ${service.cidr.text} overlaps podCIDR ${pod.cidr.text}; pod and service addresses must not share a range.`,
    });
  }
  const plugin = asString(network.plugin);
  if (plugin === 'terway' && provider !== undefined && LOCAL_PROVIDERS.has(provider)) {
    issues.push({
      path: ['spec', 'network', 'plugin'],
      on: 'value',
      severity: 'warning',
      code: 'plugin-not-local',
      message: `terway is an Alibaba Cloud VPC plugin, not available locally; kindnet is used on ${provider}.`,
      data: { replacements: ['kindnet'] },
    });
  }
  if ((plugin === 'flannel' || plugin === 'calico') && provider === 'kind') {
    issues.push({
      path: ['spec', 'network', 'plugin'],
      on: 'value',
      severity: 'information',
      code: 'plugin-needs-cni-disabled',
      message: `${plugin} on kind needs kind's default CNI disabled (networking.disableDefaultCNI: true); Berth's rendered kind config does that, and ${plugin} must then be installed into the cluster.`,
    });
  }
  return issues;
}

/** A Cluster's network blocks as parsed CIDRs, for the workspace overlap check. */
export function clusterCidrs(doc: Obj): { key: 'podCIDR' | 'serviceCIDR'; text: string }[] {
  const out: { key: 'podCIDR' | 'serviceCIDR'; text: string }[] = [];
  for (const key of ['podCIDR', 'serviceCIDR'] as const) {
    const text = asString(field(doc, 'spec', 'network', key));
    if (text !== undefined && parseIpv4Cidr(text)) out.push({ key, text });
  }
  return out;
}
