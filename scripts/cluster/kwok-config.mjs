// The kwokctl configuration for the local cluster: the platform library's (the binary runtime on
// the locally built binaries, bound to 127.0.0.1, the Cluster's service and pod ranges, the pod
// log lines), plus kwok answering `kubectl exec` and `kubectl port-forward` for every pod.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { podLogTemplate } from './paths.mjs';
import { platformRenderers } from './platform.mjs';

const portForwardBody = 'berth: simulated pod answered through port-forward';
// Content-Length lets a client finish without waiting for kwok to close the stream.
const portForwardResponse = `HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: ${portForwardBody.length + 1}\\r\\nConnection: close\\r\\n\\r\\n${portForwardBody}\\n`;

/** The pod annotation that sets its simulated usage as a percentage of its requests. */
export const USAGE_PERCENT_ANNOTATION = 'berth.dev/usage-percent';
const DEFAULT_USAGE_PERCENT = 50;

/**
 * kwok's simulated usage of every container, which its kubelet endpoint reports and
 * metrics-server serves: a share of the container's requests (half, or the pod's
 * berth.dev/usage-percent), so a pool's and an Application's usage grows as pods are added, and a
 * test raises the percentage to drive an HPA. Without a request: 10m CPU and 16Mi memory.
 */
function usageExpression(resource, fallback) {
  const percent = `("${USAGE_PERCENT_ANNOTATION}" in pod.metadata.annotations ? double(pod.metadata.annotations["${USAGE_PERCENT_ANNOTATION}"]) : ${DEFAULT_USAGE_PERCENT}.0)`;
  const request = `("${resource}" in container.resources.requests ? container.resources.requests["${resource}"] : Quantity("${fallback}"))`;
  return `${request} * (${percent} / 100.0)`;
}

function metricsServerSettings(metricsServer) {
  return metricsServer ? { enable: ['metrics-server'], metricsServerBinary: metricsServer.binary, metricsServerManifests: [metricsServer.manifests] } : {};
}

/**
 * The kwokctl configuration documents for `cluster` (the sample's Cluster document); with
 * `metricsServer` (its binary and manifests folder), kwokctl runs it too, on kwok's default
 * `Metric` for the kubelet /metrics/resource endpoint and the usage above.
 */
export async function kwokConfigDocuments(bin, paths, cluster, metricsServer) {
  const { renderKwokctlConfig } = await platformRenderers();
  const execDir = join(paths.dir, 'exec');
  mkdirSync(execDir, { recursive: true });
  const [kwokctl, ...rest] = renderKwokctlConfig(cluster, { binaries: bin, podLogFile: podLogTemplate });
  return [
    { ...kwokctl, options: { ...kwokctl.options, ...metricsServerSettings(metricsServer) } },
    ...rest,
    ...(metricsServer ? [{
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterResourceUsage',
      metadata: { name: 'berth-usage-from-requests' },
      spec: { usages: [{ usage: { cpu: { expression: usageExpression('cpu', '10m') }, memory: { expression: usageExpression('memory', '16Mi') } } }] },
    }] : []),
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterExec',
      metadata: { name: 'berth-exec' },
      // `kubectl exec` runs the command on this machine, in a scratch folder of the cluster.
      spec: { execs: [{ local: { workDir: execDir } }] },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterPortForward',
      metadata: { name: 'berth-port-forward' },
      // There is no container behind a port: every forwarded connection gets one canned HTTP
      // answer, enough for `kubectl port-forward` and a browser to show that the path works.
      spec: { forwards: [{ command: ['sh', '-c', `printf '${portForwardResponse}'`] }] },
    },
  ];
}

export async function kwokConfigText(bin, paths, cluster, metricsServer) {
  return (await kwokConfigDocuments(bin, paths, cluster, metricsServer)).map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

export async function writeKwokConfig(bin, paths, cluster, metricsServer) {
  writeFileSync(paths.kwokConfig, await kwokConfigText(bin, paths, cluster, metricsServer));
  return paths.kwokConfig;
}
