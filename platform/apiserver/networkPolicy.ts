/** NetworkPolicies (networking.k8s.io/v1): selectors, ports and port ranges, peers, policy types. */
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { isIP, portNameErrors, portNumberErrors } from './formats';
import { labelSelectorIssues } from './labelSelector';
import { refusal, supported, type Path } from './refusal';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

export function networkPolicyIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  if (!spec) return [];
  const issues: Issue[] = [];
  const podSelector = asObject(spec.podSelector);
  if (podSelector) issues.push(...labelSelectorIssues(podSelector, ['spec', 'podSelector']));
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    asArray(spec[direction]).forEach((item, index) => {
      const rule = asObject(item);
      if (!rule) return;
      const at = ['spec', direction, index];
      asArray(rule.ports).forEach((port, i) => {
        const value = asObject(port);
        if (value) issues.push(...portIssues(value, [...at, 'ports', i]));
      });
      asArray(rule[peers]).forEach((peer, i) => {
        const value = asObject(peer);
        if (value) issues.push(...peerIssues(value, [...at, peers, i]));
      });
    });
  }
  const types = asArray(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    issues.push(refusal({ code: 'network-policy-invalid', path: ['spec', 'policyTypes'], reason: 'Invalid value', value: types, detail: 'may not specify more than two policyTypes' }));
  } else {
    types.forEach((type, index) => {
      if (typeof type === 'string' && !POLICY_TYPES.includes(type)) issues.push(refusal({ code: 'network-policy-invalid', path: ['spec', 'policyTypes', index], reason: 'Unsupported value', value: type, detail: supported(POLICY_TYPES) }));
    });
  }
  return issues;
}

function portIssues(port: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  const protocol = asString(port.protocol);
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
    issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'protocol'], reason: 'Unsupported value', value: protocol, detail: supported(PROTOCOLS) }));
  }
  const endPort = asInteger(port.endPort);
  const number = asInteger(port.port);
  const name = asString(port.port);
  if (number !== undefined) {
    for (const error of portNumberErrors(number)) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'port'], reason: 'Invalid value', value: number, detail: error }));
    if (endPort !== undefined) {
      if (endPort < number) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'endPort'], reason: 'Invalid value', value: number, detail: 'must be greater than or equal to `port`' }));
      for (const error of portNumberErrors(endPort)) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'endPort'], reason: 'Invalid value', value: endPort, detail: error }));
    }
  } else if (name !== undefined) {
    if (endPort !== undefined) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'endPort'], reason: 'Invalid value', value: endPort, detail: 'may not be specified when `port` is non-numeric' }));
    for (const error of portNameErrors(name)) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'port'], reason: 'Invalid value', value: name, detail: error }));
  } else if (endPort !== undefined && port.port === undefined) {
    issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'endPort'], reason: 'Invalid value', value: endPort, detail: 'may not be specified when `port` is not specified' }));
  }
  return issues;
}

function peerIssues(peer: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  let peers = 0;
  for (const key of ['podSelector', 'namespaceSelector']) {
    const selector = asObject(peer[key]);
    if (!selector) continue;
    peers++;
    issues.push(...labelSelectorIssues(selector, [...at, key]));
  }
  const ipBlock = asObject(peer.ipBlock);
  if (ipBlock) {
    peers++;
    issues.push(...ipBlockIssues(ipBlock, [...at, 'ipBlock']));
  }
  if (peers === 0) issues.push(refusal({ code: 'network-policy-invalid', path: at, on: 'key', reason: 'Required value', detail: 'must specify a peer (podSelector, namespaceSelector or ipBlock)' }));
  else if (peers > 1 && ipBlock) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'ipBlock'], on: 'key', field: at, reason: 'Forbidden', detail: 'may not specify both ipBlock and another peer' }));
  return issues;
}

function ipBlockIssues(block: Obj, at: Path): Issue[] {
  const cidr = asString(block.cidr);
  if (cidr === undefined) return [];
  if (cidr === '') return [refusal({ code: 'network-policy-invalid', path: [...at, 'cidr'], reason: 'Required value' })];
  if (!isCIDR(cidr)) return [refusal({ code: 'network-policy-invalid', path: [...at, 'cidr'], reason: 'Invalid value', value: cidr, detail: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)' })];
  const issues: Issue[] = [];
  asArray(block.except).forEach((item, index) => {
    const except = asString(item);
    if (except !== undefined && !isCIDR(except)) issues.push(refusal({ code: 'network-policy-invalid', path: [...at, 'except', index], reason: 'Invalid value', value: except, detail: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)' }));
  });
  return issues;
}

function isCIDR(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || !isIP(address)) return false;
  return Number(bits) <= (address.includes(':') ? 128 : 32);
}
