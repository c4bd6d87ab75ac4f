import type { Issue } from '../validate/issue';
import { multiClusterRules } from './multiClusterRules';
import { formatBytes, formatCpu, parseQuantity } from './quantity';
import { asArray, asInteger, asObject, asString, type Obj } from './values';

/** Rules of PLATFORM.md that a single Application document can break. */
export function applicationRules(doc: Obj): Issue[] {
  const spec = asObject(doc.spec);
  if (!spec) return [];
  return [
    ...multiClusterRules(spec),
    ...imageRules(spec),
    ...replicaRules(spec),
    ...resourceRules(spec),
    ...healthPortRules(spec),
    ...exposeRules(spec),
    ...releaseRules(spec),
  ];
}

/** The tag of an image reference: after the last ':' that follows the last '/' (a registry port is not a tag). */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return '@digest';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

function imageRules(spec: Obj): Issue[] {
  const image = asString(spec.image);
  if (image === undefined) return [];
  const tag = imageTag(image);
  if (tag !== undefined && tag !== 'latest') return [];
  return [
    {
      path: ['spec', 'image'],
      on: 'value',
      severity: 'warning',
      code: 'image-not-pinned',
      message:
        tag === 'latest'
          ? `Image "${image}" uses :latest, so a restart may run another version; pin a version tag or digest.`
          : `Image "${image}" has no tag, so it means :latest and a restart may run another version; pin a version tag or digest.`,
    },
  ];
}

function replicaRules(spec: Obj): Issue[] {
  if (spec.replicas === undefined || spec.scaling === undefined) return [];
  return [
    {
      path: ['spec', 'replicas'],
      on: 'key',
      severity: 'warning',
      code: 'replicas-ignored',
      message: 'replicas is ignored because scaling is set: the HorizontalPodAutoscaler keeps between scaling.min and scaling.max replicas.',
    },
  ];
}

function resourceRules(spec: Obj): Issue[] {
  const issues: Issue[] = [];
  const requests = asObject(spec.resources);
  const limits = asObject(spec.limits);
  if (requests && limits) {
    for (const resource of ['cpu', 'memory'] as const) {
      const request = parseQuantity(requests[resource]);
      const limit = parseQuantity(limits[resource]);
      if (request === undefined || limit === undefined || limit >= request) continue;
      const format = resource === 'cpu' ? formatCpu : formatBytes;
      issues.push({
        path: ['spec', 'limits', resource],
        on: 'value',
        severity: 'error',
        code: 'limits-below-requests',
        message: `limits.${resource} (${format(limit)}) must be at least resources.${resource} (${format(request)}).`,
      });
    }
  }
  const scaling = asObject(spec.scaling);
  const min = asInteger(scaling?.min);
  const max = asInteger(scaling?.max);
  if (min !== undefined && max !== undefined && min > max) {
    issues.push({
      path: ['spec', 'scaling', 'min'],
      on: 'value',
      severity: 'error',
      code: 'scaling-out-of-order',
      message: `scaling.min (${min}) must not be greater than scaling.max (${max}).`,
    });
  }
  return issues;
}

function healthPortRules(spec: Obj): Issue[] {
  const health = asObject(spec.health);
  if (!health) return [];
  const ports = asArray(spec.ports).map(asObject);
  const names = ports.map((p) => asString(p?.name)).filter((n): n is string => n !== undefined);
  const numbers = ports.map((p) => asInteger(p?.port)).filter((n): n is number => n !== undefined);
  const issues: Issue[] = [];
  for (const [probeName, probe] of Object.entries(health)) {
    for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      const port = asObject(asObject(probe)?.[handler])?.port;
      const path = ['spec', 'health', probeName, handler, 'port'];
      if (typeof port === 'string' && !names.includes(port)) {
        issues.push({
          path,
          on: 'value',
          severity: 'error',
          code: 'unknown-health-port',
          message:
            names.length > 0
              ? `The ${probeName} probe names port "${port}", which is not in spec.ports (named ports: ${names.join(', ')}).`
              : `The ${probeName} probe names port "${port}", but spec.ports names no port; add {name: ${port}, port: …} to spec.ports or use a number.`,
          data: { replacements: names },
        });
      } else if (typeof port === 'number' && numbers.length > 0 && !numbers.includes(port)) {
        issues.push({
          path,
          on: 'value',
          severity: 'warning',
          code: 'unknown-health-port',
          message: `The ${probeName} probe checks port ${port}, which is not in spec.ports (${numbers.join(', ')}).`,
        });
      }
    }
  }
  return issues;
}

function exposeRules(spec: Obj): Issue[] {
  const expose = asObject(spec.expose);
  if (!expose) return [];
  const issues: Issue[] = [];
  const type = asString(expose.type) ?? 'ClusterIP';
  if (expose.host !== undefined && type !== 'Ingress') {
    issues.push({
      path: ['spec', 'expose', 'host'],
      on: 'key',
      severity: 'error',
      code: 'host-without-ingress',
      message: `expose.host is only for type: Ingress; a ${type} Service has no host name. Remove host or set type: Ingress.`,
    });
  }
  if (asArray(spec.ports).length === 0) {
    issues.push({
      path: ['spec', 'expose'],
      on: 'key',
      severity: 'warning',
      code: 'expose-without-ports',
      message: 'expose needs at least one entry in spec.ports: the Service forwards those ports.',
    });
  }
  return issues;
}

function releaseRules(spec: Obj): Issue[] {
  const release = asObject(spec.release);
  if (!release || release.canary === undefined) return [];
  const strategy = asString(release.strategy) ?? 'rolling';
  if (strategy === 'canary') return [];
  return [
    {
      path: ['spec', 'release', 'canary'],
      on: 'key',
      severity: 'error',
      code: 'canary-without-strategy',
      message: `release.canary is only for strategy: canary, not ${strategy}. Remove canary or set strategy: canary.`,
    },
  ];
}
