/**
 * `kubectl describe`-like summaries: finding the object (discovery), its events, its owner
 * chain, and the Markdown that shows them. `describeObject` and `listEvents` do the requests;
 * the formatting is pure.
 */
export { findObject, parseObjectRef, type FoundObject, type ObjectRef } from './discovery';
export { eventTime, listEvents, sortEvents, type EventQuery, type KubeEvent } from './events';
export { ownerChain, type OwnerLink } from './owners';
export { formatDescribe, formatEvents, type DescribeParts } from './markdown';
export { age } from './text';
export { describeObject, type Description } from './describeObject';
