// The kwokctl configuration for the local cluster: the binary runtime on locally built binaries,
// every component bound to 127.0.0.1 (kwokctl binds 0.0.0.0 by default, which would expose the
// cluster to the network), and kwok answering `kubectl logs` and `kubectl exec` for every pod.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { podLogTemplate } from './paths.mjs';

export function kwokConfigDocuments(bin, paths) {
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
      componentsPatches: [
        // Without a default route kube-apiserver cannot pick an address to advertise and exits.
        { name: 'kube-apiserver', extraArgs: [{ key: 'advertise-address', value: '127.0.0.1' }] },
      ],
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
  ];
}

export function writeKwokConfig(bin, paths) {
  const text = kwokConfigDocuments(bin, paths).map((d) => stringify(d)).join('---\n');
  writeFileSync(paths.kwokConfig, text);
  return paths.kwokConfig;
}
