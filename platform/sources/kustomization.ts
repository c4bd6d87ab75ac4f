import { asObject, asString, type Obj } from '../rules/values';

/** The file names `kustomize build` looks for in a folder, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** Which objects a patch applies to, as kustomize's `target` selects them. */
export interface PatchTarget {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface PatchReference {
  /** The patch file, relative to the kustomization's folder (absent for an inline patch). */
  readonly path?: string;
  readonly target?: PatchTarget;
  /** A JSON 6902 patch (a list of operations) rather than a strategic merge patch. */
  readonly json6902: boolean;
}

/** What a kustomization refers to: the parts that say where each rendered value came from. */
export interface KustomizationRefs {
  readonly component: boolean;
  /** Files and folders, relative to the kustomization's folder (remote URLs are left out). */
  readonly resources: readonly string[];
  readonly patches: readonly PatchReference[];
  readonly namePrefix: string;
  readonly nameSuffix: string;
  /** Resources and components kustomize would fetch (URLs, git repositories): Berth does not render those overlays. */
  readonly remote: readonly string[];
}

const isLocal = (path: string): boolean => path !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.includes('\n') && !/^(github\.com|gitlab\.com|bitbucket\.org)\//.test(path);

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function targetOf(value: unknown): PatchTarget | undefined {
  const target = asObject(value);
  if (!target) return undefined;
  const kind = asString(target.kind);
  const name = asString(target.name);
  const namespace = asString(target.namespace);
  return { ...(kind ? { kind } : {}), ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) };
}

/** Reads a kustomization's references; whatever is malformed is left out (its own validation says why). */
export function readKustomization(value: Obj): KustomizationRefs {
  const patches: PatchReference[] = [];
  for (const entry of Array.isArray(value.patches) ? value.patches : []) {
    const patch = asObject(entry);
    if (!patch) continue;
    const path = asString(patch.path);
    const inline = asString(patch.patch);
    const target = targetOf(patch.target);
    // kustomize tells the two kinds apart by content: a JSON 6902 patch is a list of operations.
    const json6902 = inline !== undefined && /^\s*(\[|-\s+op\s*:)/.test(inline);
    if (path !== undefined && isLocal(path)) patches.push({ path, json6902: false, ...(target ? { target } : {}) });
    else if (inline !== undefined) patches.push({ json6902, ...(target ? { target } : {}) });
  }
  for (const path of strings(value.patchesStrategicMerge)) if (isLocal(path)) patches.push({ path, json6902: false });
  for (const entry of Array.isArray(value.patchesJson6902) ? value.patchesJson6902 : []) {
    const patch = asObject(entry);
    const path = asString(patch?.path);
    const target = targetOf(patch?.target);
    if (path !== undefined && isLocal(path)) patches.push({ path, json6902: true, ...(target ? { target } : {}) });
  }
  return {
    component: asString(value.kind) === 'Component',
    resources: [...strings(value.resources), ...strings(value.bases), ...strings(value.components)].filter(isLocal),
    remote: [...strings(value.resources), ...strings(value.bases), ...strings(value.components)].filter((path) => !isLocal(path) && path !== ''),
    patches,
    namePrefix: asString(value.namePrefix) ?? '',
    nameSuffix: asString(value.nameSuffix) ?? '',
  };
}
