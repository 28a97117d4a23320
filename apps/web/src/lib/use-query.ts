import { useCallback, useEffect, useRef, useState } from 'react';
import { gql, type Operation, type VariablesArg } from './graphql';

export interface QueryState<T> {
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
  reload(): void;
  /** Replace the data locally (optimistic or pushed changes). */
  setData(update: (prev: T | null) => T | null): void;
}

export function useQuery<T, V>(query: Operation<T, V>, variables: V, skip = false): QueryState<T> {
  const [data, setDataState] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(!skip);
  const [nonce, setNonce] = useState(0);
  const varsKey = JSON.stringify(variables);
  const varsRef = useRef(variables);
  varsRef.current = variables;

  useEffect(() => {
    if (skip) return;
    let live = true;
    setLoading(true);
    // V is generic here, so the optional-or-not variables argument cannot be resolved: the caller's V was checked already.
    gql(query, ...([varsRef.current] as VariablesArg<V>)).then(
      (d) => {
        if (!live) return;
        setDataState(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [query, varsKey, skip, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((u: (prev: T | null) => T | null) => setDataState(u), []);
  return { data, error, loading, reload, setData };
}
