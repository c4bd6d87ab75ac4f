import { asString, field } from '../rules/values';
import { clusterPodCIDR } from './kwok';

/** Control-plane binaries built from source, by component; any one absent kwokctl finds itself. */
export interface KwokBinaries {
  readonly kwokctl?: string;
  readonly kwok?: string;
  readonly kubectl?: string;
  readonly etcd?: string;
  readonly 'kube-apiserver'?: string;
  readonly 'kube-controller-manager'?: string;
  readonly 'kube-scheduler'?: string;
}

export interface KwokctlConfigOptions {
  readonly binaries?: KwokBinaries;
  /** A CRI log file every simulated container prints (kwok ClusterLogs), so `logs` has output. */
  readonly podLogFile?: string;
}

/**
 * The kwokctl configuration documents for a kwok Cluster: with a kube-apiserver among the
 * binaries, kwokctl's binary runtime on them (else the Cluster's kubernetesVersion, which kwokctl
 * fetches); every component bound to 127.0.0.1 (kwokctl binds 0.0.0.0 by default, which would
 * expose the cluster to the network); the Cluster's serviceCIDR for Service addresses and its
 * podCIDR for the kwok controller, which hands out the simulated pods' addresses.
 */
export function renderKwokctlConfig(cluster: unknown, options: KwokctlConfigOptions = {}): Record<string, unknown>[] {
  const b = options.binaries ?? {};
  const settings: Record<string, unknown> = { bindAddress: '127.0.0.1' };
  if (b['kube-apiserver']) {
    settings['runtime'] = 'binary';
    const flags = {
      kubeApiserverBinary: b['kube-apiserver'],
      kubeControllerManagerBinary: b['kube-controller-manager'],
      kubeSchedulerBinary: b['kube-scheduler'],
      kubectlBinary: b.kubectl,
      kwokControllerBinary: b.kwok,
      etcdBinary: b.etcd,
    };
    for (const [key, path] of Object.entries(flags)) if (path) settings[key] = path;
  } else {
    // kwokctl's --kube-version wants vMAJOR.MINOR.PATCH or vMAJOR.MINOR.
    const version = asString(field(cluster, 'spec', 'kubernetesVersion'));
    if (version) settings['kubeVersion'] = `v${version.replace(/^v/, '')}`;
  }
  const documents: Record<string, unknown>[] = [
    { apiVersion: 'config.kwok.x-k8s.io/v1alpha1', kind: 'KwokctlConfiguration', options: settings, componentsPatches: networkPatches(cluster) },
  ];
  if (options.podLogFile) {
    documents.push({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'berth-container-logs' },
      // No selector and no container list: every container of every pod prints these lines.
      spec: { logs: [{ logsFile: options.podLogFile, follow: false }] },
    });
  }
  return documents;
}

function networkPatches(cluster: unknown): Record<string, unknown>[] {
  // Without a default route kube-apiserver cannot pick an address to advertise and exits.
  const apiserver = [{ key: 'advertise-address', value: '127.0.0.1' }];
  const serviceCIDR = asString(field(cluster, 'spec', 'network', 'serviceCIDR'));
  if (serviceCIDR) apiserver.push({ key: 'service-cluster-ip-range', value: serviceCIDR });
  const patches: Record<string, unknown>[] = [{ name: 'kube-apiserver', extraArgs: apiserver }];
  const podCIDR = clusterPodCIDR(cluster);
  if (podCIDR) patches.push({ name: 'kwok-controller', extraArgs: [{ key: 'cidr', value: podCIDR }] });
  return patches;
}
