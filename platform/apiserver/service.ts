/** Services: ports (required unless headless or ExternalName), types, cluster IPs, external names. */
import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { dnsLabelErrors, dnsSubdomainErrors, isIP, portNumberErrors } from './formats';
import { portNumberOrNameIssues } from './containers';
import { labelMapIssues } from './labelSelector';
import { refusal, supported } from './refusal';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function serviceIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec) ?? {};
  const issues: Issue[] = [];
  const type = asString(spec.type) ?? 'ClusterIP';
  const clusterIP = asString(spec.clusterIP);
  const headless = clusterIP === 'None';
  const ports = asArray(spec.ports);

  if (!TYPES.includes(type)) {
    issues.push(refusal({ code: 'service-type-unsupported', path: ['spec', 'type'], reason: 'Unsupported value', value: type, detail: supported(TYPES) }));
  }
  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    const at = spec.ports === undefined || spec.ports === null ? (object.spec === undefined ? [] : ['spec']) : ['spec', 'ports'];
    issues.push(refusal({ code: 'service-ports-required', path: at.length === 0 ? ['spec'] : at, on: at[at.length - 1] === 'ports' ? 'value' : 'key', field: ['spec', 'ports'], reason: 'Required value', detail: 'a Service needs at least one port (only a headless Service, clusterIP: None, or an ExternalName Service may have none)' }));
  }
  if (clusterIP !== undefined && clusterIP !== '' && !headless && !isIP(clusterIP)) {
    issues.push(refusal({ code: 'cluster-ip-invalid', path: ['spec', 'clusterIP'], field: 'spec.clusterIPs[0]', reason: 'Invalid value', value: clusterIP, detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), "None" for a headless Service, or left out' }));
  }
  if (headless && (type === 'LoadBalancer' || type === 'NodePort')) {
    issues.push(refusal({ code: 'cluster-ip-invalid', path: ['spec', 'clusterIP'], field: 'spec.clusterIPs[0]', reason: 'Invalid value', value: clusterIP, detail: `may not be set to 'None' for ${type} services` }));
  }
  if (type === 'ExternalName') issues.push(...externalNameIssues(spec));

  const names = new Set<string>();
  const pairs = new Set<string>();
  ports.forEach((item, index) => {
    const port = asObject(item);
    if (!port) return;
    const at = ['spec', 'ports', index];
    const name = asString(port.name);
    if ((name === undefined || name === '') && ports.length > 1) {
      issues.push(refusal({ code: 'service-port-name-required', path: at, on: 'key', field: [...at, 'name'], reason: 'Required value', detail: 'each port of a Service with several ports needs a name' }));
    } else if (name) {
      for (const error of dnsLabelErrors(name)) issues.push(refusal({ code: 'service-port-name-invalid', path: [...at, 'name'], reason: 'Invalid value', value: name, detail: error }));
      if (names.has(name)) issues.push(refusal({ code: 'service-port-name-duplicate', path: [...at, 'name'], reason: 'Duplicate value', value: name, detail: 'port names are unique within a Service' }));
      names.add(name);
    }
    const number = asInteger(port.port);
    if (number !== undefined) for (const error of portNumberErrors(number)) issues.push(refusal({ code: 'port-out-of-range', path: [...at, 'port'], reason: 'Invalid value', value: number, detail: error }));
    const protocol = asString(port.protocol) ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) issues.push(refusal({ code: 'port-protocol-unsupported', path: [...at, 'protocol'], reason: 'Unsupported value', value: protocol, detail: supported(PROTOCOLS) }));
    // targetPort 0 or "" defaults to the port.
    if (port.targetPort !== 0 && port.targetPort !== '') issues.push(...portNumberOrNameIssues(port.targetPort, [...at, 'targetPort']));
    const nodePort = asInteger(port.nodePort);
    if (nodePort !== undefined && nodePort !== 0 && type === 'ClusterIP') {
      issues.push(refusal({ code: 'node-port-forbidden', path: [...at, 'nodePort'], reason: 'Forbidden', detail: "may not be used when `type` is 'ClusterIP'" }));
    }
    if (number !== undefined) {
      const pair = `${protocol}/${number}`;
      if (pairs.has(pair)) issues.push(refusal({ code: 'service-port-duplicate', path: [...at, 'port'], field: at, reason: 'Duplicate value', value: `${number}/${protocol}`, detail: 'a Service exposes each port and protocol once' }));
      pairs.add(pair);
    }
  });
  issues.push(...labelMapIssues(spec.selector, ['spec', 'selector']));
  if (asArray(spec.loadBalancerSourceRanges).length > 0 && type !== 'LoadBalancer') {
    issues.push(refusal({ code: 'service-field-forbidden', path: ['spec', 'loadBalancerSourceRanges'], on: 'key', field: 'spec.LoadBalancerSourceRanges', reason: 'Forbidden', detail: "may only be used when `type` is 'LoadBalancer'" }));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    issues.push(refusal({ code: 'service-field-forbidden', path: ['spec', 'allocateLoadBalancerNodePorts'], on: 'key', reason: 'Forbidden', detail: "may only be used when `type` is 'LoadBalancer'" }));
  }
  const external = type === 'NodePort' || type === 'LoadBalancer' || asArray(spec.externalIPs).length > 0;
  if (typeof spec.externalTrafficPolicy === 'string' && spec.externalTrafficPolicy !== '' && !external) {
    issues.push(refusal({ code: 'service-field-forbidden', path: ['spec', 'externalTrafficPolicy'], reason: 'Invalid value', value: spec.externalTrafficPolicy, detail: 'may only be set for externally-accessible services (NodePort, LoadBalancer or with externalIPs)' }));
  }
  return issues;
}

function externalNameIssues(spec: Obj): Issue[] {
  const issues: Issue[] = [];
  const name = (asString(spec.externalName) ?? '').replace(/\.$/, '');
  if (name === '') {
    issues.push(refusal({ code: 'external-name-required', path: spec.externalName === undefined ? ['spec', 'type'] : ['spec', 'externalName'], field: ['spec', 'externalName'], reason: 'Required value', detail: 'an ExternalName Service needs the DNS name it stands for' }));
  } else {
    for (const error of dnsSubdomainErrors(name)) issues.push(refusal({ code: 'external-name-invalid', path: ['spec', 'externalName'], reason: 'Invalid value', value: name, detail: error }));
  }
  const clusterIP = asString(spec.clusterIP);
  if (clusterIP !== undefined && clusterIP !== '') {
    issues.push(refusal({ code: 'service-field-forbidden', path: ['spec', 'clusterIP'], field: 'spec.clusterIPs', reason: 'Forbidden', detail: 'may not be set for ExternalName services' }));
  }
  return issues;
}
