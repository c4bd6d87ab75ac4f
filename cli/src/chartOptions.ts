import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChartPreview } from '../../installation/render/renderRoot';
import { UsageError } from './usageError';

export const CHART_OPTIONS_HELP = `Charts (folders with Chart.yaml) are rendered with \`helm template\` and overlays (folders with
kustomization.yaml) with \`kubectl kustomize\` (both built from source by \`npm run cluster -- build\`),
and what they produce is validated; each finding is reported on the template, values, patch or
resource line that produced it.
  --values FILE           a values file for every chart, after its values.yaml (repeatable)
  --set KEY=VALUE         a value for every chart, as helm's --set (repeatable)`;

/** The values every chart is rendered with, from --values and --set. */
export function chartPreviewOption(valuesFiles: readonly string[] | undefined, set: readonly string[] | undefined): ChartPreview {
  const files = (valuesFiles ?? []).map((file) => {
    const path = resolve(file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--values ${file}: no such file`);
    return path;
  });
  for (const entry of set ?? []) {
    if (!/^[^=\s][^=]*=/.test(entry) || /[\r\n]/.test(entry)) throw new UsageError(`--set "${entry.slice(0, 80)}" must be KEY=VALUE on one line`);
  }
  return { ...(files.length > 0 ? { valuesFiles: files } : {}), ...(set && set.length > 0 ? { set } : {}) };
}
