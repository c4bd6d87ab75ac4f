import type { CrossIssue } from './crossIssue';
import type { IndexChange, ManifestEntry, WorkspaceIndex } from './workspaceIndex';

/**
 * A cross-document rule in two parts, so that an edit costs what it changed: a context read
 * from the whole workspace (what one document's findings may depend on in the others), and each
 * subject's findings against that context.
 */
export interface CrossRule<C> {
  /**
   * Everything the rule reads of this entry when it judges other entries (undefined: nothing).
   * While the footprints of the workspace stay the same, in the same order, so does the context.
   */
  footprint(entry: ManifestEntry): string | undefined;
  context(index: WorkspaceIndex): C;
  /** Findings made with the context alone (listed first). */
  shared(context: C): readonly CrossIssue[];
  /** The entries judged one by one, in the order their findings are listed. */
  subjects(index: WorkspaceIndex): Iterable<ManifestEntry>;
  /** One subject's findings, from nothing but the subject, the context and inputs whose change calls `reset` (settings). */
  issuesOf(context: C, subject: ManifestEntry): readonly CrossIssue[];
}

/** The rule over the whole index at once. */
export function evaluateRule<C>(rule: CrossRule<C>, index: WorkspaceIndex): CrossIssue[] {
  const context = rule.context(index);
  const out = [...rule.shared(context)];
  for (const subject of rule.subjects(index)) out.push(...rule.issuesOf(context, subject));
  return out;
}

/** A footprint that changes whenever the entry does: for entries whose findings hold the entry itself. */
export function identityFootprint(entry: ManifestEntry): string {
  let id = identities.get(entry);
  if (id === undefined) identities.set(entry, (id = `#${++lastIdentity}`));
  return id;
}

const identities = new WeakMap<ManifestEntry, string>();
let lastIdentity = 0;

/**
 * A rule's findings kept between runs: the context while no footprint changed, and each
 * subject's findings while the subject (its entry) and the context are unchanged.
 */
export class CrossRuleCache<C> {
  private state: { readonly context: C; readonly shared: readonly CrossIssue[]; readonly bySubject: WeakMap<ManifestEntry, readonly CrossIssue[]> } | undefined;
  /** What a test counts: contexts read from the whole workspace, and subjects judged. */
  readonly work = { contexts: 0, subjects: 0 };

  constructor(private readonly rule: CrossRule<C>) {}

  /** Forgets everything: an input other than the index changed (settings, contexts, labels). */
  reset(): void {
    this.state = undefined;
  }

  /** The findings over `index`, given what changed in it since the last call (undefined: anything may have). */
  issues(index: WorkspaceIndex, changes: readonly IndexChange[] | undefined): CrossIssue[] {
    if (!this.state || !changes || changes.some((change) => this.reshapes(change))) {
      const context = this.rule.context(index);
      this.state = { context, shared: this.rule.shared(context), bySubject: new WeakMap() };
      this.work.contexts++;
    }
    const { context, shared, bySubject } = this.state;
    const out = [...shared];
    for (const subject of this.rule.subjects(index)) {
      let found = bySubject.get(subject);
      if (!found) {
        bySubject.set(subject, (found = this.rule.issuesOf(context, subject)));
        this.work.subjects++;
      }
      for (const issue of found) out.push(issue);
    }
    return out;
  }

  /** Whether a change can change the context: a footprint came, went or changed, or moved in the workspace's order. */
  private reshapes(change: IndexChange): boolean {
    const before = this.footprints(change.removed);
    const after = this.footprints(change.added);
    if (change.placed) return before.length > 0 || after.length > 0;
    return before.length !== after.length || before.some((footprint, i) => footprint !== after[i]);
  }

  private footprints(entries: readonly ManifestEntry[]): string[] {
    const out: string[] = [];
    for (const entry of entries) {
      const footprint = this.rule.footprint(entry);
      if (footprint !== undefined) out.push(footprint);
    }
    return out;
  }
}
