// The manifests the agreement tier holds Berth against: real files Berth's authors did not write,
// taken from the examples, test data and install manifests of pinned Go modules. This is the one
// place their versions are pinned. Kubernetes and kwok follow the local cluster's own pins
// (cluster/go/*/go.mod), so the corpus comes from modules the cluster build already downloaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goModules } from '../cluster/paths.mjs';
import { requiredVersion } from '../cluster/gomod.mjs';

function pinnedIn(dir, module) {
  return requiredVersion(readFileSync(join(dir, 'go.mod'), 'utf8'), module);
}

const kubernetes = pinnedIn(goModules.kubernetes, 'k8s.io/kubernetes');
// The staging modules (k8s.io/kubectl, k8s.io/cli-runtime) are published as v0.X.Y for v1.X.Y.
const staging = kubernetes.replace(/^v1\./, 'v0.');

/**
 * Each source: a Go module at a version and the folders of it that hold manifests (`roots`,
 * relative to the module). Templated files, Helm charts, kustomize patches and documents of
 * groups the apiserver does not serve without CRDs are skipped wherever they are (corpus.mjs).
 */
export const sources = [
  {
    name: 'kubernetes',
    module: 'k8s.io/kubernetes',
    version: kubernetes,
    roots: [
      'test/e2e/testing-manifests', 'test/e2e/dra', 'test/e2e/auth', 'test/e2e_node/testing-manifests',
      'test/fixtures', 'test/integration/scheduler_perf', 'test/kubemark/resources', 'test/conformance/image',
      'test/images', 'hack/testdata', 'cluster/addons', 'cluster/gce/addons', 'cluster/images',
      'pkg/controller/statefulset', 'plugin/pkg/auth', 'cmd/kubeadm/app/util/staticpod',
    ],
  },
  { name: 'kubectl', module: 'k8s.io/kubectl', version: staging, roots: ['testdata', 'pkg/cmd'] },
  { name: 'cli-runtime', module: 'k8s.io/cli-runtime', version: staging, roots: ['artifacts'] },
  { name: 'kwok', module: 'sigs.k8s.io/kwok', version: pinnedIn(goModules.kwok, 'sigs.k8s.io/kwok'), roots: ['kustomize', 'test'] },
  { name: 'metrics-server', module: 'sigs.k8s.io/metrics-server', version: 'v0.9.0', roots: ['manifests'] },
  { name: 'prometheus-operator', module: 'github.com/prometheus-operator/prometheus-operator', version: 'v0.85.0', roots: ['example', 'test/framework/resources'] },
  { name: 'cert-manager', module: 'github.com/cert-manager/cert-manager', version: 'v1.21.2', roots: ['deploy/crds', 'deploy/manifests'] },
  { name: 'keda', module: 'github.com/kedacore/keda/v2', version: 'v2.21.0', roots: ['config'] },
  { name: 'kubeconform', module: 'github.com/yannh/kubeconform', version: 'v0.8.0', roots: ['fixtures'] },
  { name: 'ingress-nginx', module: 'k8s.io/ingress-nginx', version: 'v0.0.0-20240708192948-52c50467d67d', roots: ['docs/examples', 'deploy/grafana', 'deploy/prometheus'] },
  { name: 'descheduler', module: 'sigs.k8s.io/descheduler', version: 'v0.36.0', roots: ['kubernetes', 'test/manifests'] },
  { name: 'external-snapshotter', module: 'github.com/kubernetes-csi/external-snapshotter/v8', version: 'v8.7.0', roots: ['deploy/kubernetes', 'examples/kubernetes'] },
  { name: 'istio', module: 'istio.io/istio', version: 'v0.0.0-20260827124520-eed52ebb66ad', roots: ['samples'] },
  { name: 'kyverno', module: 'github.com/kyverno/kyverno', version: 'v1.19.1', roots: ['test/cli', 'test/resources'] },
  { name: 'gatekeeper', module: 'github.com/open-policy-agent/gatekeeper/v3', version: 'v3.23.1', roots: ['config', 'demo', 'example', 'test/gator', 'test/bats'] },
];
