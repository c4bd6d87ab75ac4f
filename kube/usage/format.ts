/** Usage as short text: "250m of 2 CPU (13%)", "96Mi of 4Gi (2%)". */
import { formatBytes, formatCpu } from '../../platform/rules/quantity';
import { percentOf } from './aggregate';
import type { Resources } from './metrics';

function share(used: string, of: string | undefined, percent: number | undefined): string {
  return of === undefined ? used : `${used} of ${of}${percent === undefined ? '' : ` (${percent}%)`}`;
}

/** CPU usage against a reference (allocatable or requests); without one, the usage alone. */
export function formatCpuUsage(usage: Resources | undefined, against?: Resources): string {
  if (!usage) return 'no sample';
  const of = against && against.cpu > 0 ? against.cpu : undefined;
  return share(formatCpu(roundCpu(usage.cpu)), of === undefined ? undefined : `${formatCpu(roundCpu(of))} CPU`, of === undefined ? undefined : percentOf(usage.cpu, of));
}

export function formatMemoryUsage(usage: Resources | undefined, against?: Resources): string {
  if (!usage) return 'no sample';
  const of = against && against.memory > 0 ? against.memory : undefined;
  return share(formatBytes(Math.round(usage.memory)), of === undefined ? undefined : formatBytes(of), of === undefined ? undefined : percentOf(usage.memory, of));
}

/** Whole millicores: metrics-server reports nanocores. */
function roundCpu(cores: number): number {
  return Math.round(cores * 1000) / 1000;
}

/** One line for a tree row: "CPU 550m/4 (14%) · mem 256Mi/8Gi (3%)"; a missing reference drops the "/…". */
export function formatUsageBrief(usage: Resources, against?: Resources): string {
  const cpuOf = against && against.cpu > 0 ? against.cpu : undefined;
  const memOf = against && against.memory > 0 ? against.memory : undefined;
  const cpu = `CPU ${formatCpu(roundCpu(usage.cpu))}${cpuOf === undefined ? '' : `/${formatCpu(roundCpu(cpuOf))} (${percentOf(usage.cpu, cpuOf)}%)`}`;
  const mem = `mem ${formatBytes(Math.round(usage.memory))}${memOf === undefined ? '' : `/${formatBytes(memOf)} (${percentOf(usage.memory, memOf)}%)`}`;
  return `${cpu} · ${mem}`;
}

/** kubectl top's CPU(cores) cell: whole millicores, "<unknown>" without a sample. */
export function kubectlCpu(usage: Resources | undefined): string {
  return usage ? `${Math.round(usage.cpu * 1000)}m` : '<unknown>';
}

/** kubectl top's MEMORY(bytes) cell: whole mebibytes, "<unknown>" without a sample. */
export function kubectlMemory(usage: Resources | undefined): string {
  return usage ? `${Math.round(usage.memory / 2 ** 20)}Mi` : '<unknown>';
}

/** kubectl top node's CPU(%) and MEMORY(%) cells: usage against allocatable. */
export function kubectlPercent(used: number | undefined, of: number): string {
  return used === undefined || !(of > 0) ? '<unknown>' : `${percentOf(used, of)}%`;
}
