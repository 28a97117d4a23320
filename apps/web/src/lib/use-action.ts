import { useCallback, useRef, useState } from 'react';

/** A person's action (a mutation): whether one is under way, why the last one failed, what the last one did. */
export interface ActionState {
  /** True while an action runs: its buttons are disabled and the region is marked busy meanwhile. */
  readonly busy: boolean;
  /** Why the last action failed; cleared when the next one starts. */
  readonly error: Error | null;
  /** What the last action that succeeded did (for a status line), until `clearDone`. */
  readonly done: string | null;
  clearDone(): void;
  /** Runs `action`; when it succeeds, `done` becomes `message` and the hook's `onSuccess` is called. Never rejects. */
  act(action: () => Promise<unknown>, message: string): Promise<void>;
}

/** `onSuccess` (the latest one passed) runs after each action that succeeds: closing a confirmation, reloading lists. */
export function useAction(onSuccess: () => void): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const onSuccessRef = useRef(onSuccess);
  onSuccessRef.current = onSuccess;

  const act = useCallback(async (action: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setDone(message);
      onSuccessRef.current();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  }, []);
  const clearDone = useCallback(() => setDone(null), []);
  return { busy, error, done, clearDone, act };
}
