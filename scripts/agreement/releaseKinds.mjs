// Every kind the Kubernetes release lets a client create, in every version, from the OpenAPI
// documents in its module (api/openapi-spec/v3, generated with every API enabled). A kind the local
// apiserver does not serve but the release defines is switched off on this cluster (an alpha or
// beta API); one the release does not define was removed, never existed, or cannot be created
// (like autoscaling/v1 Scale, a subresource): the document is wrong for this release.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `apiVersion kind` strings, e.g. `resource.k8s.io/v1beta2 DeviceTaintRule`. */
export function releaseKinds(kubernetesDir) {
  const dir = join(kubernetesDir, 'api/openapi-spec/v3');
  if (!existsSync(dir)) return [];
  const kinds = new Set();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('_openapi.json'))) {
    const paths = JSON.parse(readFileSync(join(dir, name), 'utf8')).paths ?? {};
    for (const path of Object.values(paths)) {
      const post = path.post;
      const gvk = post?.['x-kubernetes-action'] === 'post' ? post['x-kubernetes-group-version-kind'] : undefined;
      if (gvk) kinds.add(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version} ${gvk.kind}`);
    }
  }
  return [...kinds].sort();
}
