import type { Obj } from '../rules/values';
import { KUSTOMIZATION_FILE_NAMES, readKustomization, type KustomizationRefs } from './kustomization';
import { baseName, folderOf, isBelow, relativePath, resolveRelative, uriKey } from './uris';

/**
 * What a workspace YAML file is to Berth:
 * - `manifest`: objects, validated as they are;
 * - `template`: a Helm template, YAML only after rendering: validated through the rendered chart;
 * - `chart`: a Chart.yaml; `values`: a chart's values.yaml (checked against values.schema.json);
 * - `chart-file`: another file of a chart that helm reads as data (values-prod.yaml, ci/*.yaml);
 * - `kustomization`: a kustomization.yaml; `patch`: a file a kustomization names as a patch,
 *   which is a partial object: validated through the built overlay, not as a whole object.
 */
export type FileRole = 'manifest' | 'template' | 'chart' | 'values' | 'chart-file' | 'kustomization' | 'patch';

/** A folder that is rendered before its objects are validated. */
export interface RenderRoot {
  readonly kind: 'chart' | 'overlay';
  /** The folder's URI (as the workspace spells its files). */
  readonly folder: string;
  /** Its Chart.yaml or kustomization file. */
  readonly file: string;
  /** What an overlay (or a base of it) would fetch from the network: such an overlay is not rendered. */
  readonly remote?: readonly string[];
}

export interface LayoutInputs {
  readonly uris: Iterable<string>;
  /** The parsed first document of a Chart.yaml or kustomization file, if it is a mapping. */
  readonly valueOf: (uri: string) => Obj | undefined;
}

const CHART_FILE = 'Chart.yaml';

/** The charts and overlays of a set of files, and each file's role. */
export class SourceLayout {
  private readonly charts = new Map<string, RenderRoot>();
  private readonly overlays = new Map<string, RenderRoot>();
  private readonly kustomizations = new Map<string, { root: RenderRoot; refs: KustomizationRefs }>();
  private readonly patches = new Set<string>();
  private readonly library = new Set<string>();

  constructor(inputs: LayoutInputs) {
    for (const uri of inputs.uris) {
      const name = baseName(uri);
      const folder = folderOf(uri);
      if (name === CHART_FILE) {
        this.charts.set(uriKey(folder), { kind: 'chart', folder, file: uri });
        if (inputs.valueOf(uri)?.type === 'library') this.library.add(uriKey(folder));
      } else if ((KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name) && !this.overlays.has(uriKey(folder))) {
        const value = inputs.valueOf(uri);
        const root: RenderRoot = { kind: 'overlay', folder, file: uri };
        this.overlays.set(uriKey(folder), root);
        const refs = value ? readKustomization(value) : undefined;
        if (refs) this.kustomizations.set(uriKey(folder), { root, refs });
      }
    }
    for (const [folder, { refs }] of this.kustomizations) {
      for (const patch of refs.patches) {
        const target = patch.path === undefined ? undefined : resolveRelative(folder, patch.path);
        if (target) this.patches.add(target);
      }
    }
  }

  role(uri: string): FileRole {
    const name = baseName(uri);
    if (name === CHART_FILE) return 'chart';
    if ((KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name) && this.overlays.get(uriKey(folderOf(uri)))?.file === uri) return 'kustomization';
    const chart = this.chartOf(uri);
    if (chart) {
      const path = relativePath(uriKey(chart.folder), uriKey(uri));
      if (path.startsWith('templates/')) return 'template';
      if (path === 'values.yaml') return 'values';
      // CRDs in crds/ are installed as they are, before the templates: plain manifests.
      if (!path.startsWith('crds/')) return 'chart-file';
    }
    return this.patches.has(uriKey(uri)) ? 'patch' : 'manifest';
  }

  /** The chart a file belongs to: the nearest folder above it with a Chart.yaml. */
  chartOf(uri: string): RenderRoot | undefined {
    let folder = uriKey(folderOf(uri));
    for (let depth = 0; depth < 64; depth++) {
      const chart = this.charts.get(folder);
      if (chart) return chart;
      const parent = folderOf(folder);
      if (parent === folder || !parent.includes('/')) return undefined;
      folder = parent;
    }
    return undefined;
  }

  /**
   * The folders to render: charts that are not a subchart of another chart in the workspace
   * (the parent renders those) and not library charts (nothing to render); overlays that are not
   * kustomize Components (those only build as part of an overlay).
   */
  roots(): RenderRoot[] {
    const charts = [...this.charts.entries()]
      .filter(([folder]) => !this.library.has(folder) && !this.isSubchart(folder))
      .map(([, root]) => root);
    const overlays = [...this.overlays.entries()]
      .filter(([folder]) => !this.kustomizations.get(folder)?.refs.component)
      .map(([folder, root]) => {
        const remote = [folder, ...this.basesOf(folder)].flatMap((key) => this.kustomizations.get(key)?.refs.remote ?? []);
        return remote.length > 0 ? { ...root, remote } : root;
      });
    return [...charts, ...overlays];
  }

  /** The kustomization of an overlay folder (a key as uriKey gives), when it could be read. */
  kustomizationAt(folderKey: string): { root: RenderRoot; refs: KustomizationRefs } | undefined {
    return this.kustomizations.get(folderKey);
  }

  /** Every file and folder an overlay is built from, through the folders it names (as keys). */
  basesOf(folderKey: string, seen = new Set<string>()): string[] {
    if (seen.has(folderKey) || seen.size > 64) return [];
    seen.add(folderKey);
    const refs = this.kustomizations.get(folderKey)?.refs;
    if (!refs) return [];
    const out: string[] = [];
    for (const resource of refs.resources) {
      const target = resolveRelative(folderKey, resource);
      if (target === undefined) continue;
      out.push(target, ...this.basesOf(target, seen));
    }
    return out;
  }

  private isSubchart(folderKey: string): boolean {
    // Looked up as if the folder were a file: the search starts at the folder above it.
    const parent = this.chartOf(folderKey);
    return parent !== undefined && isBelow(folderKey, `${uriKey(parent.folder)}/charts`);
  }
}
