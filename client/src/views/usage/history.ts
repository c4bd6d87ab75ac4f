/**
 * Each Application's recent usage, sample by sample, for the Show Usage charts. Pure; bounded
 * (HISTORY samples per Application, Applications that vanish are dropped).
 */
import type { ApplicationUsage, Resources } from '../../../../kube';

export const HISTORY = 40;

export interface ApplicationSeries {
  readonly namespace: string;
  readonly application: string;
  readonly pods: number;
  readonly requests: Resources;
  /** Oldest first. */
  readonly samples: readonly Resources[];
}

const keyOf = (a: { namespace: string; application: string }): string => `${a.namespace}/${a.application}`;

/** The series after one more sample of every Application. */
export function appendSample(previous: readonly ApplicationSeries[], sample: readonly ApplicationUsage[]): ApplicationSeries[] {
  const before = new Map(previous.map((s) => [keyOf(s), s]));
  return sample.map((a) => {
    const samples = [...(before.get(keyOf(a))?.samples ?? []), a.usage];
    return { namespace: a.namespace, application: a.application, pods: a.pods, requests: a.requests, samples: samples.slice(-HISTORY) };
  });
}
