import { parseAllDocuments } from 'yaml';
import { namespaceLabelsFrom, type Labels } from '../../platform/policy/podSecurity/namespaceLabels';
import { POD_SECURITY_DEFAULTS, type PodSecurityDefault } from '../../platform/settings';
import { readYamlSources } from './inputs';
import { UsageError } from './usageError';

export const POD_SECURITY_OPTION_HELP = `Pod Security: pods and pod templates are checked against the level of their namespace, read from
its pod-security.kubernetes.io labels on a Namespace among the inputs or in --cluster-namespaces
(the output of \`kubectl get namespaces -o yaml\`); enforce findings are errors, warn and audit
ones warnings. --policy sets the level, as warnings, for namespaces without labels (default
baseline): privileged, baseline or restricted; off checks no Pod Security at all.`;

/** `--policy`: the level for namespaces without Pod Security labels, or off. */
export function policyOption(value: string | undefined, fallback: PodSecurityDefault): PodSecurityDefault {
  if (value === undefined) return fallback;
  const level = POD_SECURITY_DEFAULTS.find((l) => l === value);
  if (!level) throw new UsageError(`--policy must be one of ${POD_SECURITY_DEFAULTS.join(', ')}, not ${JSON.stringify(value)}`);
  return level;
}

/**
 * `--cluster-namespaces FILE`: the Pod Security labels of a cluster's namespaces, from Namespace
 * objects in YAML or JSON (a `kubectl get namespaces -o yaml` list, or single documents).
 */
export function clusterNamespacesOption(path: string | undefined, maxFileSize: number): Map<string, Labels> {
  if (path === undefined) return new Map();
  const values: unknown[] = [];
  for (const input of readYamlSources([path], noStdin, maxFileSize)) {
    if ('oversized' in input) throw new UsageError(`--cluster-namespaces ${input.file}: ${input.oversized.bytes} bytes, over the ${maxFileSize} MB limit (--max-file-size)`);
    for (const doc of parseAllDocuments(input.text, { uniqueKeys: false })) {
      if (doc.errors.length > 0) throw new UsageError(`--cluster-namespaces ${input.file}: not YAML (${doc.errors[0]!.message.split('\n')[0]})`);
      values.push(doc.toJS({ maxAliasCount: 100 }));
    }
  }
  const labels = namespaceLabelsFrom(values);
  if (labels.size === 0) throw new UsageError(`--cluster-namespaces ${path}: no Namespace objects found (give the output of \`kubectl get namespaces -o yaml\`)`);
  return labels;
}

const noStdin = (): never => {
  throw new UsageError('--cluster-namespaces - (stdin) is not accepted: name a file');
};
