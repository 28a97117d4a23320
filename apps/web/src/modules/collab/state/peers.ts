export interface Peer {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly self: boolean;
}

/**
 * The people in a room, each once: a person with the room open in two tabs, or whose editor has just
 * reconnected (the old connection's presence lasts until the server or a timeout drops it), is one peer.
 * Yourself among them when any of the connections is this one.
 */
export function peersOf(states: ReadonlyMap<number, unknown>, selfClientId: number): Peer[] {
  const byPerson = new Map<string, Peer>();
  states.forEach((state, clientId) => {
    const u = (state as { user?: { name?: unknown; color?: unknown; id?: unknown } } | null)?.user;
    if (!u || typeof u.name !== 'string') return;
    const key = typeof u.id === 'string' && u.id ? `u:${u.id}` : `c:${clientId}`;
    const self = clientId === selfClientId;
    const known = byPerson.get(key);
    if (known) {
      if (self && !known.self) byPerson.set(key, { ...known, self: true });
      return;
    }
    byPerson.set(key, { clientId, name: u.name, color: typeof u.color === 'string' ? u.color : '#475569', self });
  });
  return [...byPerson.values()];
}
