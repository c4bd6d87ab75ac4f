/** Describe: reads the object, its owners and its recent events, and formats them. */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { redactObject, type Reveal } from '../masking';
import type { KubeObject } from '../registry';
import { findObject, type ObjectRef, type Signal } from './discovery';
import { listEvents, type KubeEvent } from './events';
import { formatDescribe } from './markdown';
import { ownerChain, type OwnerLink } from './owners';

export interface Description {
  readonly markdown: string;
  /** The object as shown (Secret data masked unless reveal). */
  readonly object: KubeObject;
  readonly owners: readonly OwnerLink[];
  readonly events: readonly KubeEvent[];
}

/** Reads the object, its owners and its recent events, and formats them. */
export async function describeObject(
  client: KubeClient,
  ref: ObjectRef,
  options: Signal & { reveal?: Reveal; eventLimit?: number; now?: Date } = {},
): Promise<Result<Description, KubeError>> {
  const found = await findObject(client, ref, options);
  if (!found.ok) return found;
  const { object, namespace } = found.value;
  const owners = await ownerChain(client, object, options);
  if (!owners.ok) return owners;
  const events = await listEvents(client, {
    object: { kind: object.kind, name: ref.name, ...(namespace ? { namespace } : {}), ...(object.metadata.uid ? { uid: object.metadata.uid } : {}) },
    ...(namespace ? {} : { allNamespaces: true }),
    limit: options.eventLimit ?? 20,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!events.ok) return events;
  const reveal = options.reveal ?? false;
  const markdown = formatDescribe(object, { owners: owners.value, events: events.value, reveal, ...(options.now ? { now: options.now } : {}) });
  return ok({ markdown, object: redactObject(object, reveal), owners: owners.value, events: events.value });
}
