import * as Y from 'yjs';

/**
 * Member mentions added by one stored update of the notes (issue 19). The web editor writes a mention
 * as an inline node whose Yjs element is `<mention id label kind mid>`: `kind` is 'user' for a member
 * (an entity mention has 'entity' or no kind), `id` the account id, and `mid` a random id given when
 * the mention is picked, which an undo/redo or a copy keeps. Read from the update alone (no document
 * needed): the elements it creates, with the attributes it gives them in the same update, less those
 * it deletes again.
 */
export interface AddedMention {
  /** The account mentioned. */
  readonly userId: string;
  /** What identifies this mention for good: its `mid`, or the element's Yjs id when it has none. */
  readonly mentionId: string;
}

/** The node name of a mention in the notes (apps/web/src/lib/mentions). */
export const MENTION_NODE = 'mention';
const ID = /^[a-z]{1,8}_[0-9a-z]{6,40}$/;
const MID = /^[A-Za-z0-9_-]{8,64}$/;

export function mentionsAdded(update: Uint8Array): AddedMention[] {
  // An element's name is written as is in the update: without it there is nothing to decode (most updates are typing).
  if (Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(MENTION_NODE, 0, 'latin1') < 0) return [];
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return [];
  }
  const { structs, ds } = decoded;
  const key = (client: number, clock: number) => `${client}:${clock}`;
  const elements = new Map<string, Record<string, unknown>>();
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentType)) continue;
    const type = s.content.type;
    if (type instanceof Y.XmlElement && type.nodeName === MENTION_NODE) elements.set(key(s.id.client, s.id.clock), {});
  }
  if (elements.size === 0) return [];
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny) || typeof s.parentSub !== 'string') continue;
    const parent = s.parent;
    if (!(parent instanceof Y.ID)) continue;
    const attrs = elements.get(key(parent.client, parent.clock));
    if (attrs && !isDeleted(ds, s.id.client, s.id.clock)) attrs[s.parentSub] = s.content.arr[0];
  }
  const out: AddedMention[] = [];
  for (const [id, attrs] of elements) {
    const [client, clock] = id.split(':').map(Number);
    if (isDeleted(ds, client, clock)) continue;
    const userId = attrs['id'];
    if (attrs['kind'] !== 'user' || typeof userId !== 'string' || !ID.test(userId)) continue;
    const mid = attrs['mid'];
    out.push({ userId, mentionId: typeof mid === 'string' && MID.test(mid) ? mid : `y${id.replace(':', '-')}` });
  }
  return out;
}

function isDeleted(ds: ReturnType<typeof Y.decodeUpdate>['ds'], client: number, clock: number): boolean {
  const ranges = ds.clients.get(client) ?? [];
  return ranges.some((r) => clock >= r.clock && clock < r.clock + r.len);
}
