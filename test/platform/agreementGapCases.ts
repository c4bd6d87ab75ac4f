/**
 * Where Berth and the apiserver disagreed on real manifests, each as a small document of its
 * own beside the nearest one the other way: the false errors (the apiserver accepts what Berth
 * refused) and the missed rejections. Every document here was dry-run on a v1.36 apiserver
 * (`kubectl create --dry-run=server --validate=strict`) with the verdict written beside it.
 */
import type { RefusalCase } from './apiserverCases';

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: postgres:17
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
`;

const POD_WITH_STATUS = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
status:
  phase: Running
  containerStatuses:
    - name: web
      image: nginx:1.27
      ready: true
      restartCount: 0
`;

const POD_WITH_NULL_ITEMS = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      args:
        - 
      ports:
        - containerPort: 80
`;

const CLUSTER_ROLE_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: reader
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: reader
    namespace: tools
`;

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
`;

const CLUSTER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metrics-reader
rules:
  - nonResourceURLs: [/metrics]
    verbs: [get]
`;

const OWNED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: web-5d8f
      uid: 6b2c4a8e-1f0d-4c55-9a7e-3d2f1b0c9e11
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

const WEBHOOKS = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: labeler
webhooks:
  - name: labeler.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      service: {name: labeler, namespace: tools, path: /mutate}
      caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    rules:
      - operations: [CREATE]
        apiGroups: [""]
        apiVersions: [v1]
        resources: [pods]
`;

const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: object.spec.replicas <= 5
`;

const CLAIM = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
`;

const NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
    - from:
        - ipBlock: {cidr: 10.0.0.0/8}
      ports:
        - port: 8000
          endPort: 8080
`;

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  finalizers: [example.com/cleanup]
`;

function edit(base: string, from: string, to: string): string {
  if (!base.includes(from)) throw new Error(`case fixture does not contain ${JSON.stringify(from)}`);
  return base.replace(from, to);
}

export const AGREEMENT_GAP_CASES: readonly RefusalCase[] = [
  {
    title: "a StatefulSet's claim templates are volumes of its pods; a mount naming neither is refused",
    refused: edit(STATEFULSET, '            - name: data\n', '            - name: cache\n'),
    code: 'volume-mount-not-found',
    at: 'cache',
    message: 'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "cache"',
    accepted: STATEFULSET,
  },
  {
    title: "a Pod's status is thrown away on create, but its decoder still refuses a wrong type",
    refused: edit(POD_WITH_STATUS, 'ready: true', 'ready: "yes"'),
    code: 'invalid-type',
    at: '"yes"',
    message: 'ready',
    accepted: POD_WITH_STATUS,
  },
  {
    title: 'a null list item is the zero value of its type: "" in args is fine, {} in ports lacks containerPort',
    refused: edit(POD_WITH_NULL_ITEMS, '        - containerPort: 80\n', '        - \n'),
    code: 'missing-required',
    // An empty item has no text: the range is the empty place after its dash.
    at: '',
    message: '"containerPort"',
    accepted: POD_WITH_NULL_ITEMS,
  },
  {
    title: 'a ClusterRoleBinding names the namespace of a ServiceAccount subject',
    refused: edit(CLUSTER_ROLE_BINDING, '    namespace: tools\n', ''),
    code: 'subject-namespace-required',
    at: 'kind',
    message: 'subjects[0].namespace: Required value',
    accepted: CLUSTER_ROLE_BINDING,
  },
  {
    title: 'a ClusterRoleBinding binds a ClusterRole, not a Role',
    refused: edit(CLUSTER_ROLE_BINDING, '  kind: ClusterRole\n', '  kind: Role\n'),
    code: 'role-ref-invalid',
    at: 'Role',
    message: 'roleRef.kind: Unsupported value: "Role"',
    accepted: CLUSTER_ROLE_BINDING,
  },
  {
    title: 'a subject is a ServiceAccount, a User or a Group',
    refused: edit(CLUSTER_ROLE_BINDING, '  - kind: ServiceAccount\n', '  - kind: Robot\n'),
    code: 'subject-invalid',
    at: 'Robot',
    message: 'subjects[0].kind: Unsupported value: "Robot"',
    accepted: CLUSTER_ROLE_BINDING,
  },
  {
    title: 'a policy rule grants at least one verb',
    refused: edit(ROLE, 'verbs: [get, list]', 'verbs: []'),
    code: 'policy-rule-invalid',
    at: '[]',
    message: 'rules[0].verbs: Required value',
    accepted: ROLE,
  },
  {
    title: 'a resource rule names its API groups',
    refused: edit(ROLE, '  - apiGroups: [""]\n    resources: [pods]\n', '  - resources: [pods]\n'),
    code: 'policy-rule-invalid',
    at: 'resources',
    message: 'rules[0].apiGroups: Required value',
    accepted: ROLE,
  },
  {
    title: 'only a ClusterRole grants non-resource URLs',
    refused: edit(CLUSTER_ROLE, 'kind: ClusterRole', 'kind: Role'),
    code: 'policy-rule-invalid',
    at: '[/metrics]',
    message: 'rules[0].nonResourceURLs: Invalid value',
    accepted: CLUSTER_ROLE,
  },
  {
    title: 'an owner reference carries the owner\'s uid',
    refused: edit(OWNED_POD, 'uid: 6b2c4a8e-1f0d-4c55-9a7e-3d2f1b0c9e11', 'uid: ""'),
    code: 'owner-reference-invalid',
    at: '""',
    message: 'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    accepted: OWNED_POD,
  },
  {
    title: "a webhook's caBundle is base64",
    refused: edit(WEBHOOKS, 'caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==', 'caBundle: -----BEGIN CERTIFICATE-----'),
    code: 'webhook-ca-bundle-not-base64',
    at: '-----BEGIN CERTIFICATE-----',
    message: 'illegal base64 data at input byte 0',
    accepted: WEBHOOKS,
  },
  {
    title: 'a webhook is named by a domain of at least three segments',
    refused: edit(WEBHOOKS, 'name: labeler.example.com', 'name: labeler.example'),
    code: 'webhook-invalid',
    at: 'labeler.example',
    message: 'webhooks[0].name: Invalid value: "labeler.example": should be a domain with at least three segments',
    accepted: WEBHOOKS,
  },
  {
    title: 'a v1 webhook declares no side effects',
    refused: edit(WEBHOOKS, 'sideEffects: None', 'sideEffects: Some'),
    code: 'webhook-invalid',
    at: 'Some',
    message: 'webhooks[0].sideEffects: Unsupported value: "Some"',
    accepted: WEBHOOKS,
  },
  {
    title: 'a webhook is called at a url or a service, one of them',
    refused: edit(WEBHOOKS, '      service: {name: labeler, namespace: tools, path: /mutate}\n', ''),
    code: 'webhook-client-config-invalid',
    at: 'clientConfig',
    message: 'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
    accepted: WEBHOOKS,
  },
  {
    title: "a ValidatingAdmissionPolicy's resource rule names its operations",
    refused: edit(POLICY, '        operations: [CREATE, UPDATE]\n', ''),
    code: 'admission-rule-invalid',
    at: 'apiGroups',
    message: 'spec.matchConstraints.resourceRules[0].operations: Required value',
    accepted: POLICY,
  },
  {
    title: 'a claim says how it may be mounted',
    refused: edit(CLAIM, '  accessModes: [ReadWriteOnce]\n', ''),
    code: 'pvc-access-modes-required',
    at: 'spec',
    message: 'spec.accessModes: Required value',
    accepted: CLAIM,
  },
  {
    title: 'a claim requests its size',
    refused: edit(CLAIM, 'requests: {storage: 1Gi}', 'limits: {storage: 1Gi}'),
    code: 'pvc-storage-required',
    at: 'resources',
    message: 'spec.resources[storage]: Required value',
    accepted: CLAIM,
  },
  {
    title: "a StatefulSet's claim templates are claims: they request a size",
    refused: edit(STATEFULSET, '          requests: {storage: 1Gi}\n', '          requests: {}\n'),
    code: 'pvc-storage-required',
    at: 'requests',
    message: 'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
    accepted: STATEFULSET,
  },
  {
    title: 'a NetworkPolicy port range ends after it starts',
    refused: edit(NETWORK_POLICY, 'endPort: 8080', 'endPort: 7000'),
    code: 'network-policy-invalid',
    at: '7000',
    message: 'spec.ingress[0].ports[0].endPort: Invalid value: 8000: must be greater than or equal to `port`',
    accepted: NETWORK_POLICY,
  },
  {
    title: 'a NetworkPolicy ipBlock is a CIDR',
    refused: edit(NETWORK_POLICY, 'cidr: 10.0.0.0/8', 'cidr: 10.0.0.0'),
    code: 'network-policy-invalid',
    at: '10.0.0.0',
    message: 'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0"',
    accepted: NETWORK_POLICY,
  },
  {
    title: 'a finalizer without a domain is one Kubernetes defines',
    refused: edit(NAMESPACE, 'finalizers: [example.com/cleanup]', 'finalizers: [cleanup]'),
    code: 'finalizer-invalid',
    at: 'cleanup',
    message: 'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    accepted: NAMESPACE,
  },
  {
    title: 'a ConfigMap holds at most 1 MiB',
    refused: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: ${'x'.repeat(600 * 1024)}\n  b: ${'x'.repeat(600 * 1024)}\n`,
    code: 'config-too-large',
    at: 'data',
    message: '[]: Too long: may not be more than 1048576 bytes',
    accepted: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: ${'x'.repeat(512 * 1024)}\n  b: ${'x'.repeat(512 * 1024)}\n`,
  },
];
