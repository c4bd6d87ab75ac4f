/** Controls on what a pod takes from its node as a whole: volume types and kernel parameters. */
import { asArray, asObject, asString } from '../../../rules/values';
import type { Control, FieldFinding, Forbidden } from '../control';
import { joinQuote, pluralize, podContextPath, podSecurityContext, sortedSet, type PodParts } from '../pod';

/** The inline volume sources the restricted level allows. */
export const RESTRICTED_VOLUME_SOURCES: readonly string[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** The sources it forbids, in the order the plugin names the first one a volume has. */
const FORBIDDEN_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc',
  'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

function restrictedVolumes(pod: PodParts): Forbidden | undefined {
  const names: string[] = [];
  const types: string[] = [];
  const findings: FieldFinding[] = [];
  asArray(pod.spec.volumes).forEach((item, index) => {
    const volume = asObject(item) ?? {};
    if (RESTRICTED_VOLUME_SOURCES.some((source) => asObject(volume[source]))) return;
    // A volume without a source is an emptyDir: the apiserver defaults it so before admission.
    if (!FORBIDDEN_VOLUME_SOURCES.some((source) => asObject(volume[source]))) return;
    const name = asString(volume.name) ?? '';
    names.push(name);
    const type = FORBIDDEN_VOLUME_SOURCES.find((source) => asObject(volume[source]))!;
    types.push(type);
    findings.push({
      path: [...pod.specPath, 'volumes', index, type],
      on: 'key',
      message: `volume "${name}" must not use the volume type ${type}`,
      allowed: RESTRICTED_VOLUME_SOURCES.join(', '),
    });
  });
  if (names.length === 0) return undefined;
  const distinct = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
    findings,
  };
}

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctls(allowed: readonly string[]) {
  const allowedSet = new Set(allowed);
  return (pod: PodParts): Forbidden | undefined => {
    const forbidden: string[] = [];
    const findings: FieldFinding[] = [];
    asArray(podSecurityContext(pod)?.sysctls).forEach((item, index) => {
      const name = asString(asObject(item)?.name) ?? '';
      if (allowedSet.has(name)) return;
      forbidden.push(name);
      findings.push({ path: podContextPath(pod, 'sysctls', index, 'name'), on: 'value', message: `pod must not set sysctl ${name}`, allowed: [...allowed].sort().join(', ') });
    });
    if (forbidden.length === 0) return undefined;
    return { reason: 'forbidden sysctls', detail: forbidden.join(', '), findings };
  };
}

export const POD_RESOURCE_CONTROLS: readonly Control[] = [
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ since: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { since: 0, check: sysctls(SYSCTLS_1_0) },
      { since: 27, check: sysctls(SYSCTLS_1_27) },
      { since: 29, check: sysctls(SYSCTLS_1_29) },
      { since: 32, check: sysctls(SYSCTLS_1_32) },
    ],
  },
];
