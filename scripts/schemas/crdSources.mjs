// The operators whose CustomResourceDefinitions Berth bundles (schemas/crds, written by
// crds.mjs) and whose example custom resources the agreement tier may hold Berth against. This
// is the one place their versions are pinned.
//
// Each source is a Go module at a version, fetched with `go mod download -json MODULE@VERSION`
// through the Go module proxy:
//   name         unique key of the source
//   title        how users read it, e.g. in hover's "from the bundled catalog: <title> <version>"
//   module       the Go module path
//   version      the module version
//   crdRoots     folders of the module holding the CRD YAML (apiextensions.k8s.io/v1 documents)
//   exampleRoots folders of the module holding example custom resources (they may also hold
//                other manifests, Markdown, kustomizations: a reader keeps what it wants)
//   licence      SPDX identifier, read from the module's LICENSE
//   channel      (Gateway API) the release channel of crdRoots
//   goToolchain  (optional) GOTOOLCHAIN for `go mod download`, where the module's go.mod names a
//                newer Go than this machine's

/** @typedef {{ name: string, title: string, module: string, version: string, crdRoots: string[], exampleRoots: string[], licence: string, channel?: string, goToolchain?: string }} CrdSource */

/** @type {CrdSource[]} */
export const crdSources = [
  {
    name: 'cert-manager',
    title: 'cert-manager',
    module: 'github.com/cert-manager/cert-manager',
    version: 'v1.21.2',
    crdRoots: ['deploy/crds'],
    exampleRoots: ['test/fixtures'],
    licence: 'Apache-2.0',
  },
  // Gateway API's two release channels: crds.mjs merges them into one catalog entry per CRD that
  // accepts whatever either channel accepts (see widen() there), so neither channel's users get a
  // false error.
  {
    name: 'gateway-api-standard',
    title: 'Gateway API',
    module: 'sigs.k8s.io/gateway-api',
    version: 'v1.6.3',
    channel: 'standard',
    crdRoots: ['config/crd/standard'],
    exampleRoots: ['examples/standard'],
    licence: 'Apache-2.0',
  },
  {
    name: 'gateway-api-experimental',
    title: 'Gateway API',
    module: 'sigs.k8s.io/gateway-api',
    version: 'v1.6.3',
    channel: 'experimental',
    crdRoots: ['config/crd/experimental'],
    exampleRoots: ['examples/experimental'],
    licence: 'Apache-2.0',
  },
  // The newest version the Go module proxy serves: it lists v0.85.0 only for the root module.
  {
    name: 'prometheus-operator',
    title: 'Prometheus Operator',
    module: 'github.com/prometheus-operator/prometheus-operator',
    version: 'v0.85.0',
    crdRoots: ['example/prometheus-operator-crd'],
    exampleRoots: ['example'],
    licence: 'Apache-2.0',
  },
  {
    name: 'keda',
    title: 'KEDA',
    module: 'github.com/kedacore/keda/v2',
    version: 'v2.21.0',
    crdRoots: ['config/crd/bases'],
    exampleRoots: ['config/samples'],
    licence: 'Apache-2.0',
  },
  {
    name: 'argo-cd',
    title: 'Argo CD',
    module: 'github.com/argoproj/argo-cd/v3',
    version: 'v3.6.1',
    crdRoots: ['manifests/crds'],
    // application.yaml, applicationset.yaml and project.yaml beside the manual's ConfigMaps.
    exampleRoots: ['docs/operator-manual'],
    licence: 'Apache-2.0',
    goToolchain: 'go1.27.3',
  },
];
