import { defaultJobs, PARALLEL_MIN_DOCUMENTS } from './parallelAnalysis';
import { UsageError } from './usageError';

export const JOBS_OPTION_HELP = `--jobs, -j N analyses documents in N worker threads (cross-document checks then run once over
all of them); by default one per core (${defaultJobs()} here) when the inputs hold ${PARALLEL_MIN_DOCUMENTS.toLocaleString('en-US')} documents or more, else 1.`;

/** `--jobs N`: undefined when not given (the command chooses). */
export function jobsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not "${value}"`);
  return jobs;
}
