// The kwokctl configuration for the local cluster: the binary runtime on locally built binaries,
// every component bound to 127.0.0.1 (kwokctl binds 0.0.0.0 by default, which would expose the
// cluster to the network), and kwok answering `kubectl logs` and `kubectl exec` for every pod.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { podLogTemplate } from './paths.mjs';

const portForwardBody = 'berth: simulated pod answered through port-forward';
// Content-Length lets a client finish without waiting for kwok to close the stream.
const portForwardResponse = `HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: ${portForwardBody.length + 1}\\r\\nConnection: close\\r\\n\\r\\n${portForwardBody}\\n`;

/** Component flags that give the cluster the sample's network ranges. */
function networkArgs(network = {}) {
  const patches = [];
  // Without a default route kube-apiserver cannot pick an address to advertise and exits.
  const apiserver = [{ key: 'advertise-address', value: '127.0.0.1' }];
  if (network.serviceCIDR) apiserver.push({ key: 'service-cluster-ip-range', value: network.serviceCIDR });
  patches.push({ name: 'kube-apiserver', extraArgs: apiserver });
  // kwok hands out the simulated pods' IPs.
  if (network.podCIDR) patches.push({ name: 'kwok-controller', extraArgs: [{ key: 'cidr', value: network.podCIDR }] });
  return patches;
}

export function kwokConfigDocuments(bin, paths, network) {
  const execDir = join(paths.dir, 'exec');
  mkdirSync(execDir, { recursive: true });
  return [
    {
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokctlConfiguration',
      options: {
        runtime: 'binary',
        bindAddress: '127.0.0.1',
        kubeApiserverBinary: bin['kube-apiserver'],
        kubeControllerManagerBinary: bin['kube-controller-manager'],
        kubeSchedulerBinary: bin['kube-scheduler'],
        kubectlBinary: bin.kubectl,
        kwokControllerBinary: bin.kwok,
        etcdBinary: bin.etcd,
      },
      componentsPatches: networkArgs(network),
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'berth-container-logs' },
      // No selector and no container list: every container of every pod prints these lines.
      spec: { logs: [{ logsFile: podLogTemplate, follow: false }] },
    },
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

export function kwokConfigText(bin, paths, network) {
  return kwokConfigDocuments(bin, paths, network).map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

export function writeKwokConfig(bin, paths, network) {
  writeFileSync(paths.kwokConfig, kwokConfigText(bin, paths, network));
  return paths.kwokConfig;
}
