/**
 * The apiserver's own validation of built-in kinds: the rules that live in Kubernetes'
 * validation code (`k8s.io/kubernetes/pkg/apis/<group>/validation`) rather than in the OpenAPI
 * schemas, so the schema check alone lets through what the apiserver refuses. Each rule is an
 * error only when the apiserver refuses the object; messages name the field path as it does.
 */
import type { Obj } from '../rules/values';
import type { Issue } from '../validate/issue';
import { validatingAdmissionPolicyIssues, webhookConfigurationIssues } from './admissionRegistration';
import { configMapIssues, secretIssues } from './configData';
import { customResourceDefinitionIssues } from './customResourceDefinition';
import { ingressIssues } from './ingress';
import { objectMetaIssues } from './metadata';
import { namespaceIssues } from './namespace';
import { networkPolicyIssues } from './networkPolicy';
import { podIssues } from './podSpec';
import { horizontalPodAutoscalerIssues, podDisruptionBudgetIssues } from './policy';
import { roleBindingIssues, roleIssues } from './rbac';
import { persistentVolumeClaimIssues } from './pvc';
import { serviceIssues } from './service';
import { appsWorkloadIssues, cronJobIssues, jobIssues, replicationControllerIssues } from './workloads';

/** The rules of one kind: the object has passed its schema's shape checks where they matter. */
export type KindRules = (object: Obj, apiVersion: string) => Issue[];

/** Kind → its rules. Families register here, one module each. */
const RULES: Readonly<Record<string, KindRules>> = {
  Pod: (object) => podIssues(object),
  Deployment: (object) => appsWorkloadIssues(object, 'Deployment'),
  ReplicaSet: (object) => appsWorkloadIssues(object, 'ReplicaSet'),
  StatefulSet: (object) => appsWorkloadIssues(object, 'StatefulSet'),
  DaemonSet: (object) => appsWorkloadIssues(object, 'DaemonSet'),
  ReplicationController: (object) => replicationControllerIssues(object),
  Job: (object) => jobIssues(object),
  CronJob: (object) => cronJobIssues(object),
  Service: (object) => serviceIssues(object),
  Ingress: (object, apiVersion) => (apiVersion === 'networking.k8s.io/v1' ? ingressIssues(object) : []),
  ConfigMap: (object) => configMapIssues(object),
  Secret: (object) => secretIssues(object),
  PodDisruptionBudget: (object) => podDisruptionBudgetIssues(object),
  HorizontalPodAutoscaler: (object) => horizontalPodAutoscalerIssues(object),
  Role: (object) => roleIssues(object, true),
  ClusterRole: (object) => roleIssues(object, false),
  RoleBinding: (object) => roleBindingIssues(object, true),
  ClusterRoleBinding: (object) => roleBindingIssues(object, false),
  MutatingWebhookConfiguration: (object) => webhookConfigurationIssues(object, true),
  ValidatingWebhookConfiguration: (object) => webhookConfigurationIssues(object, false),
  ValidatingAdmissionPolicy: (object) => validatingAdmissionPolicyIssues(object),
  NetworkPolicy: (object, apiVersion) => (apiVersion === 'networking.k8s.io/v1' ? networkPolicyIssues(object) : []),
  Namespace: (object) => namespaceIssues(object),
  PersistentVolumeClaim: (object) => persistentVolumeClaimIssues(object),
  CustomResourceDefinition: (object, apiVersion) => (apiVersion === 'apiextensions.k8s.io/v1' ? customResourceDefinitionIssues(object) : []),
};

/** Groups whose kinds this module knows; others (CRDs served beside them) get no rules. */
const BUILT_IN_API_VERSIONS = /^(v1|apps\/v1|batch\/v1|networking\.k8s\.io\/v1|policy\/v1|autoscaling\/v[12]|rbac\.authorization\.k8s\.io\/v1|admissionregistration\.k8s\.io\/v1|storage\.k8s\.io\/v1|apiextensions\.k8s\.io\/v1)$/;

export function apiserverIssues(object: Obj, apiVersion: string, kind: string): Issue[] {
  if (!BUILT_IN_API_VERSIONS.test(apiVersion)) return [];
  const rules = Object.prototype.hasOwnProperty.call(RULES, kind) ? RULES[kind] : undefined;
  return [...objectMetaIssues(object, kind), ...(rules ? rules(object, apiVersion) : [])];
}
