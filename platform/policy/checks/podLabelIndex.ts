import { selectorMatches } from '../../apiserver/labelSelector';
import { asArray, asObject, asString, type Obj } from '../../rules/values';
import type { PodTemplate } from '../../workspace/podTemplates';

/** One set of pod labels of the workspace: a workload's pod template, or the pods an Application renders. */
export interface PodLabels {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Undefined for an Application's pods. */
  readonly template: PodTemplate | undefined;
}

/**
 * The pod label sets of the workspace by namespace and label, so a selector is compared with the
 * few label sets that carry its rarest requirement, never with every pod of the workspace.
 */
export class PodLabelIndex {
  private readonly byPair = new Map<string, PodLabels[]>();
  private readonly byKey = new Map<string, PodLabels[]>();
  private readonly byNamespace = new Map<string, PodLabels[]>();
  /** Selector-to-labels comparisons made so far: what a linear-cost test counts. */
  comparisons = 0;

  add(pod: PodLabels): void {
    push(this.byNamespace, pod.namespace, pod);
    for (const [key, value] of Object.entries(pod.labels)) {
      push(this.byPair, `${pod.namespace}\u0000${key}=${value}`, pod);
      push(this.byKey, `${pod.namespace}\u0000${key}`, pod);
    }
  }

  /** Pods of the namespace that carry the label key, in workspace order. */
  withKey(namespace: string, key: string): readonly PodLabels[] {
    return this.byKey.get(`${namespace}\u0000${key}`) ?? [];
  }

  inNamespace(namespace: string): readonly PodLabels[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Pods a Service's `spec.selector` (a plain label map) selects. */
  selectedByMap(namespace: string, selector: Obj): PodLabels[] {
    return this.selected(namespace, { matchLabels: selector });
  }

  /** Pods a metav1.LabelSelector selects; an empty one selects the whole namespace. */
  selected(namespace: string, selector: Obj): PodLabels[] {
    return this.candidates(namespace, selector).filter((pod) => {
      this.comparisons++;
      return selectorMatches(selector, pod.labels);
    });
  }

  /** The smallest list that holds every pod the selector can select. */
  private candidates(namespace: string, selector: Obj): readonly PodLabels[] {
    let best: readonly PodLabels[] | undefined;
    const consider = (list: readonly PodLabels[]): void => {
      if (!best || list.length < best.length) best = list;
    };
    for (const [key, value] of Object.entries(asObject(selector.matchLabels) ?? {})) consider(this.byPair.get(`${namespace}\u0000${key}=${String(value)}`) ?? []);
    for (const raw of asArray(selector.matchExpressions)) {
      const expression = asObject(raw);
      const key = asString(expression?.key);
      if (key === undefined) continue;
      if (expression!.operator === 'Exists') consider(this.byKey.get(`${namespace}\u0000${key}`) ?? []);
      if (expression!.operator === 'In') {
        const values = asArray(expression!.values);
        if (values.length === 1) consider(this.byPair.get(`${namespace}\u0000${key}=${String(values[0])}`) ?? []);
        else consider(this.byKey.get(`${namespace}\u0000${key}`) ?? []);
      }
    }
    return best ?? this.inNamespace(namespace);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(value);
}
