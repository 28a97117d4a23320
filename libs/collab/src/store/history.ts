import * as Y from 'yjs';
import type { AttributedUpdate } from './port';

/** Updates between two checkpoints: a moment is rebuilt from the checkpoint before it and at most this many updates. */
const CHECKPOINT_EVERY = 100;

/**
 * A document's update log, able to give the document as it stood at any moment (case replay): the
 * updates the server had stored by then, applied in order to a fresh Y.Doc. So that a moment late in
 * a long log does not replay thousands of updates, it keeps the encoded state after every
 * CHECKPOINT_EVERY updates and starts from the last checkpoint before the moment. The log only grows:
 * `extend` takes the updates appended since (in seq order).
 */
export class DocumentHistory {
  private readonly log: AttributedUpdate[] = [];
  /** Epoch milliseconds of each update's `at`. */
  private readonly times: number[] = [];
  /** checkpoints[i]: the state after the first (i + 1) * CHECKPOINT_EVERY updates. */
  private readonly checkpoints: Uint8Array[] = [];
  /** The document after every update so far (checkpoints are taken from it). */
  private readonly doc = new Y.Doc();

  get updates(): readonly AttributedUpdate[] {
    return this.log;
  }

  get lastSeq(): number {
    return this.log.length ? this.log[this.log.length - 1]!.seq : 0;
  }

  extend(updates: readonly AttributedUpdate[]): void {
    for (const u of updates) {
      if (u.seq <= this.lastSeq) continue;
      this.log.push(u);
      this.times.push(Date.parse(u.at));
      Y.applyUpdate(this.doc, u.update);
      if (this.log.length % CHECKPOINT_EVERY === 0) this.checkpoints.push(Y.encodeStateAsUpdate(this.doc));
    }
  }

  /**
   * The document as it stood at `until` (epoch ms): every update stored at or before it. Updates are
   * in seq order and their times almost always rise with it; one stored out of time order (another
   * replica's clock) is still applied exactly when its own time says.
   */
  at(until: number): Y.Doc {
    let prefix = 0;
    while (prefix < this.times.length && this.times[prefix]! <= until) prefix++;
    const cp = Math.floor(prefix / CHECKPOINT_EVERY);
    const doc = new Y.Doc();
    doc.transact(() => {
      if (cp > 0) Y.applyUpdate(doc, this.checkpoints[cp - 1]!);
      for (let i = cp * CHECKPOINT_EVERY; i < this.log.length; i++)
        if (i < prefix || this.times[i]! <= until) Y.applyUpdate(doc, this.log[i]!.update);
    });
    return doc;
  }

  destroy(): void {
    this.doc.destroy();
  }
}
