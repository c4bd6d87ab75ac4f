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

/** The kwokctl configuration documents for `cluster` (the sample's Cluster document). */
export async function kwokConfigDocuments(bin, paths, cluster) {
  const { renderKwokctlConfig } = await platformRenderers();
  const execDir = join(paths.dir, 'exec');
  mkdirSync(execDir, { recursive: true });
  return [
    ...renderKwokctlConfig(cluster, { binaries: bin, podLogFile: podLogTemplate }),
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

export async function kwokConfigText(bin, paths, cluster) {
  return (await kwokConfigDocuments(bin, paths, cluster)).map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

export async function writeKwokConfig(bin, paths, cluster) {
  writeFileSync(paths.kwokConfig, await kwokConfigText(bin, paths, cluster));
  return paths.kwokConfig;
}
