/** Ingresses (networking.k8s.io/v1): hosts, paths and their types, backends. */
import { asArray, asObject, asString, type Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { dnsLabelErrors, dnsSubdomainErrors, isIP, portNameErrors, portNumberErrors, wildcardSubdomainErrors } from './formats';
import { refusal, supported, type Path } from './refusal';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];

export function ingressIssues(object: Obj): Issue[] {
  const spec = asObject(object.spec);
  const rules = asArray(spec?.rules);
  const issues: Issue[] = [];
  if (rules.length === 0 && !asObject(spec?.defaultBackend)) {
    issues.push(refusal({ code: 'ingress-rules-required', path: spec ? ['spec'] : [], on: 'key', field: 'spec', reason: 'Invalid value', value: [], detail: 'either `defaultBackend` or `rules` must be specified' }));
  }
  const defaultBackend = asObject(spec?.defaultBackend);
  if (defaultBackend) issues.push(...backendIssues(defaultBackend, ['spec', 'defaultBackend']));
  rules.forEach((item, index) => {
    const rule = asObject(item);
    if (!rule) return;
    const at = ['spec', 'rules', index];
    const host = asString(rule.host);
    if (host) issues.push(...hostIssues(host, [...at, 'host']));
    asArray(asObject(rule.http)?.paths).forEach((pathItem, pathIndex) => {
      const path = asObject(pathItem);
      if (path) issues.push(...httpPathIssues(path, [...at, 'http', 'paths', pathIndex]));
    });
  });
  asArray(spec?.tls).forEach((item, index) => {
    asArray(asObject(item)?.hosts).forEach((hostItem, hostIndex) => {
      const host = asString(hostItem);
      if (host) issues.push(...hostIssues(host, ['spec', 'tls', index, 'hosts', hostIndex], false));
    });
  });
  return issues;
}

function hostIssues(host: string, at: Path, rejectIP = true): Issue[] {
  const issues: Issue[] = [];
  if (rejectIP && isIP(host)) issues.push(refusal({ code: 'ingress-host-invalid', path: at, reason: 'Invalid value', value: host, detail: 'must be a DNS name, not an IP address' }));
  const errors = host.includes('*') ? wildcardSubdomainErrors(host) : dnsSubdomainErrors(host);
  for (const error of errors) issues.push(refusal({ code: 'ingress-host-invalid', path: at, reason: 'Invalid value', value: host, detail: error }));
  return issues;
}

function httpPathIssues(path: Obj, at: Path): Issue[] {
  const issues: Issue[] = [];
  const pathType = path.pathType;
  const value = asString(path.path) ?? '';
  if (pathType === undefined || pathType === null) {
    issues.push(refusal({ code: 'ingress-path-type-required', path: at, on: 'key', field: [...at, 'pathType'], reason: 'Required value', detail: 'pathType must be specified (Prefix, Exact or ImplementationSpecific)' }));
  } else if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) {
      issues.push(refusal({ code: 'ingress-path-invalid', path: path.path === undefined ? at : [...at, 'path'], on: path.path === undefined ? 'key' : 'value', field: [...at, 'path'], reason: 'Invalid value', value, detail: `must be an absolute path (starting with '/') for pathType ${pathType}` }));
    }
    for (const sequence of BAD_SEQUENCES) if (value.includes(sequence)) issues.push(refusal({ code: 'ingress-path-invalid', path: [...at, 'path'], reason: 'Invalid value', value, detail: `must not contain '${sequence}'` }));
    for (const suffix of BAD_SUFFIXES) if (value.endsWith(suffix)) issues.push(refusal({ code: 'ingress-path-invalid', path: [...at, 'path'], reason: 'Invalid value', value, detail: `cannot end with '${suffix}'` }));
  } else if (pathType === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) issues.push(refusal({ code: 'ingress-path-invalid', path: [...at, 'path'], reason: 'Invalid value', value, detail: 'must be an absolute path' }));
  } else if (typeof pathType === 'string') {
    issues.push(refusal({ code: 'ingress-path-type-unsupported', path: [...at, 'pathType'], reason: 'Unsupported value', value: pathType, detail: supported(PATH_TYPES) }));
  }
  const backend = asObject(path.backend);
  if (backend) issues.push(...backendIssues(backend, [...at, 'backend']));
  return issues;
}

/** A backend is a Service (by name, with a port name or number) or a resource, exactly one. */
function backendIssues(backend: Obj, at: Path): Issue[] {
  const service = asObject(backend.service);
  const resource = asObject(backend.resource);
  if (service && resource) return [refusal({ code: 'ingress-backend-invalid', path: at, on: 'key', reason: 'Invalid value', value: '', detail: 'cannot set both resource and service backends' })];
  if (!service && !resource) return [refusal({ code: 'ingress-backend-invalid', path: at, on: 'key', reason: 'Invalid value', value: '', detail: 'resource or service backend is required' })];
  if (!service) return [];
  const issues: Issue[] = [];
  const name = asString(service.name);
  if (name) for (const error of dnsLabelErrors(name)) issues.push(refusal({ code: 'ingress-backend-invalid', path: [...at, 'service', 'name'], reason: 'Invalid value', value: name, detail: error }));
  const port = asObject(service.port);
  const portName = asString(port?.name) ?? '';
  const portNumber = typeof port?.number === 'number' ? port.number : 0;
  if (portName !== '' && portNumber !== 0) {
    issues.push(refusal({ code: 'ingress-backend-invalid', path: [...at, 'service', 'port'], on: 'key', field: at, reason: 'Invalid value', value: '', detail: 'cannot set both port name & port number' }));
  } else if (portName !== '') {
    for (const error of portNameErrors(portName)) issues.push(refusal({ code: 'port-name-invalid', path: [...at, 'service', 'port', 'name'], reason: 'Invalid value', value: portName, detail: error }));
  } else if (portNumber !== 0) {
    for (const error of portNumberErrors(portNumber)) issues.push(refusal({ code: 'port-out-of-range', path: [...at, 'service', 'port', 'number'], reason: 'Invalid value', value: portNumber, detail: error }));
  } else {
    issues.push(refusal({ code: 'ingress-backend-invalid', path: port ? [...at, 'service', 'port'] : [...at, 'service'], on: 'key', field: at, reason: 'Required value', detail: 'port name or number is required' }));
  }
  return issues;
}
