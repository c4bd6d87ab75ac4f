/**
 * The Kubernetes version skew policy applied to a planned upgrade: kube-apiserver moves one
 * minor release at a time; a kubelet may not be newer than kube-apiserver, nor older by more
 * than three minors (two before 1.28); dockershim is gone from 1.24.
 */
import type { UpgradeFinding } from './finding';
import { compareMinors, minorDistance, minorOf, minorPlus } from './versions';

export interface NodeVersions {
  readonly name: string;
  /** node.status.nodeInfo.kubeletVersion, e.g. "v1.33.2". */
  readonly kubeletVersion?: string;
  /** node.status.nodeInfo.containerRuntimeVersion, e.g. "containerd://2.0.4". */
  readonly containerRuntimeVersion?: string;
}

/** How many minors older than kube-apiserver a kubelet may be at `target`. */
export function kubeletSkewAllowed(target: string): number {
  return compareMinors(target, '1.28') >= 0 ? 3 : 2;
}

/** The control plane going from `serverVersion` (its gitVersion) to `target`. */
export function controlPlaneFindings(serverVersion: string, target: string): UpgradeFinding[] {
  const current = minorOf(serverVersion);
  const distance = current === undefined ? undefined : minorDistance(current, target);
  if (current === undefined || distance === undefined || distance === 0 || distance === 1) return [];
  const where = { source: 'cluster' as const, severity: 'breaking' as const, code: 'control-plane-skew' as const };
  if (distance < 0) {
    return [{ ...where, message: `The control plane runs Kubernetes ${serverVersion}, newer than the target ${target}: Kubernetes does not support downgrading kube-apiserver; restore from an etcd backup of ${target} instead.` }];
  }
  const steps = Array.from({ length: distance + 1 }, (_, i) => minorPlus(current, i));
  return [
    {
      ...where,
      message: `The control plane runs Kubernetes ${serverVersion}, ${distance} minor releases below the target ${target}: kube-apiserver upgrades one minor at a time (${steps.join(' → ')}); run this check against each step.`,
    },
  ];
}

/** The nodes whose kubelet or container runtime the target's control plane would not support. */
export function nodeFindings(nodes: readonly NodeVersions[], target: string): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  const allowed = kubeletSkewAllowed(target);
  const oldest = minorPlus(target, -allowed);
  for (const node of nodes) {
    const where = { source: 'cluster' as const, severity: 'breaking' as const, object: { apiVersion: 'v1', kind: 'Node', name: node.name } };
    const kubelet = node.kubeletVersion === undefined ? undefined : minorOf(node.kubeletVersion);
    const distance = kubelet === undefined ? undefined : minorDistance(kubelet, target);
    if (distance !== undefined && distance > allowed) {
      findings.push({
        ...where,
        code: 'kubelet-skew',
        message: `Node ${node.name} runs kubelet ${node.kubeletVersion}, ${distance} minor releases below the target ${target}; kubelets may be at most ${allowed} older than kube-apiserver: upgrade the node to ${oldest} or later first.`,
      });
    } else if (distance !== undefined && distance < 0) {
      findings.push({
        ...where,
        code: 'kubelet-skew',
        message: `Node ${node.name} runs kubelet ${node.kubeletVersion}, newer than the target ${target}; a kubelet must not be newer than kube-apiserver: upgrade the control plane to ${kubelet} or later instead.`,
      });
    }
    const runtime = node.containerRuntimeVersion ?? '';
    if (runtime.startsWith('docker://') && compareMinors(target, '1.24') >= 0) {
      findings.push({
        ...where,
        code: 'dockershim',
        message: `Node ${node.name} runs containers through Docker Engine (${runtime}); kubelets from 1.24 have no dockershim: move the node to containerd or CRI-O, or install cri-dockerd, before upgrading it.`,
      });
    }
  }
  return findings;
}
