import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { listBundledCharts, readCatalogChart, type CatalogChart } from '../../../../installation/catalog';

/** The workspace search stops here: a catalog is a list to choose from, not an index. */
const MAX_WORKSPACE_CHARTS = 200;

/**
 * The App Catalog: the charts shipped with Berth, then the workspace's own (every folder with a
 * Chart.yaml outside node_modules), each listed once even when the workspace is Berth's own
 * repository. A folder whose Chart.yaml cannot be read is left out.
 */
export async function listCatalogCharts(extensionPath: string): Promise<CatalogChart[]> {
  const bundled = await listBundledCharts(extensionPath);
  const seen = new Set(await Promise.all(bundled.map((c) => canonical(c.dir))));
  const files = await vscode.workspace.findFiles('**/Chart.yaml', '**/node_modules/**', MAX_WORKSPACE_CHARTS);
  const workspace: CatalogChart[] = [];
  for (const uri of files.filter((u) => u.scheme === 'file').sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const dir = dirname(uri.fsPath);
    const key = await canonical(dir);
    if (seen.has(key)) continue;
    seen.add(key);
    const chart = await readCatalogChart(dir, 'workspace');
    if (chart.ok) workspace.push(chart.value);
  }
  return [...bundled, ...workspace];
}

async function canonical(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    return dir;
  }
}
