import type { Issue } from './issue';
import { asObject, asString, type Obj } from '../rules/values';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kinds whose names become DNS labels (host names, namespace names) and so must be labels. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);
/** Cluster-wide kinds whose names are free-form paths (RBAC allows ':' in names). */
const FREE_NAMED_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);

/** The rule a DNS-1123 label follows, in words. */
export const DNS_LABEL_RULE = "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** Whether `text` is a DNS-1123 label: what Kubernetes requires of namespace, Service and host names. */
export function isDnsLabel(text: string): boolean {
  return text.length <= 63 && DNS_LABEL.test(text);
}

/** The apiserver's name validation, so a name it would reject is reported before a deploy. */
export function kubernetesNameIssues(doc: Obj, kind: string): Issue[] {
  const metadata = asObject(doc.metadata);
  const name = metadata?.name;
  if (name === undefined) {
    if (metadata?.generateName !== undefined) return [];
    return [
      {
        path: metadata ? ['metadata'] : [],
        on: 'key',
        severity: 'error',
        code: 'missing-name',
        message: `A ${kind} needs metadata.name (or metadata.generateName): the API server rejects a nameless object.`,
        data: { insertField: { name: metadata ? 'name' : 'metadata', placeholder: metadata ? 'my-name' : '{name: my-name}' } },
      },
    ];
  }
  const text = asString(name);
  if (text === undefined || FREE_NAMED_KINDS.has(kind)) return [];
  const label = LABEL_NAMED_KINDS.has(kind);
  const valid = label ? DNS_LABEL.test(text) && text.length <= 63 : DNS_SUBDOMAIN.test(text) && text.length <= 253;
  if (valid) return [];
  return [
    {
      path: ['metadata', 'name'],
      on: 'value',
      severity: 'error',
      code: 'invalid-name',
      message: label
        ? `A ${kind} name must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), not "${text}"`
        : `A ${kind} name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), not "${text}"`,
    },
  ];
}
