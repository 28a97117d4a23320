import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Application-generated ids: a prefix naming the kind, a millisecond time part
 * (so ids sort roughly by creation) and 80 random bits. Generated here rather
 * than by the store so that Neo4j writes are idempotent MERGEs on known ids.
 */
export function newId(prefix: string): string {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b & 31];
  return `${prefix}_${time}${rand}`;
}

export const ID_PATTERN = /^[a-z]{1,8}_[0-9a-z]{6,40}$/;
