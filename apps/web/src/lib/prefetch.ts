import { gql, putPrefetched, type Operation } from './graphql';

/** One query of a group fetched together: its document (as the generated files hold it) and variables. */
export type Prefetch = readonly [query: string, variables: Record<string, unknown>];

/** A typed operation with its variables, checked against each other, for prefetchQueries. */
export function ahead<R, V extends Record<string, unknown>>(query: Operation<R, V>, variables: V): Prefetch {
  return [query, variables];
}

interface Parsed {
  readonly defs: string;
  readonly body: string;
  /** The top-level response keys (fields or their aliases), for splitting the merged answer. */
  readonly keys: readonly string[];
}

/** `query Name($a:T){…}` into its variable definitions, selection and top-level keys; null for anything else. */
function parse(doc: string): Parsed | null {
  const m = /^\s*query\s*[_A-Za-z]\w*\s*(?:\(([^)]*)\))?\s*\{([\s\S]*)\}\s*$/.exec(doc);
  if (!m) return null;
  const body = m[2]!;
  const keys: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (depth === 0 && c === '.')
      return null; // a fragment spread at the top: not merged
    else if (depth === 0 && /[_A-Za-z@]/.test(c)) {
      const name = /^@?[_A-Za-z]\w*/.exec(body.slice(i))![0];
      i += name.length;
      if (name.startsWith('@')) continue;
      const rest = /^\s*:\s*[_A-Za-z]\w*/.exec(body.slice(i));
      if (rest) i += rest[0].length; // an alias: the response key is the alias
      keys.push(name);
      continue;
    }
    i++;
  }
  return depth === 0 && keys.length ? { defs: m[1] ?? '', body, keys } : null;
}

/**
 * Several queries as one document: each one's variables renamed apart ($q0_id, $q1_id), their
 * selections side by side. Null when they cannot be merged (a fragment spread at the top, the same
 * response key twice): they are then fetched one by one.
 */
export function mergeQueries(
  ops: readonly Prefetch[],
): { query: string; variables: Record<string, unknown>; keys: ReadonlyArray<readonly string[]> } | null {
  const parsed = ops.map(([q]) => parse(q));
  if (parsed.some((p) => p === null)) return null;
  const all = parsed.flatMap((p) => p!.keys);
  if (new Set(all).size !== all.length) return null;
  const defs: string[] = [];
  const bodies: string[] = [];
  const variables: Record<string, unknown> = {};
  parsed.forEach((p, i) => {
    const rename = (text: string) => text.replace(/\$([_A-Za-z]\w*)/g, `$q${i}_$1`);
    if (p!.defs.trim()) defs.push(rename(p!.defs));
    bodies.push(rename(p!.body));
    for (const [k, v] of Object.entries(ops[i]![1])) variables[`q${i}_${k}`] = v;
  });
  return {
    query: `query Prefetch${defs.length ? `(${defs.join(',')})` : ''}{${bodies.join(' ')}}`,
    variables,
    keys: parsed.map((p) => p!.keys),
  };
}

/**
 * Fetches these queries ahead, in one request, for the components that will ask for them (each
 * gql() call with the same document and variables takes its answer, see lib/graphql.ts). Nothing is
 * fetched again while a fresh answer is kept. Should the merged request fail, each query is asked
 * on its own, so a component gets the error it would have got.
 */
export function prefetchQueries(ops: readonly Prefetch[]): void {
  const merged = mergeQueries(ops);
  let shared: Promise<Record<string, unknown>> | null = null;
  const together = () => {
    if (!merged) return null;
    shared ??= gql(merged.query as Operation<Record<string, unknown>, Record<string, unknown>>, merged.variables);
    return shared;
  };
  ops.forEach(([query, variables], i) => {
    const alone = () => gql(query as Operation<unknown, Record<string, unknown>>, variables);
    putPrefetched(query, variables, () => {
      const both = together();
      if (!both || !merged) return alone();
      return both.then((data) => Object.fromEntries(merged.keys[i]!.map((k) => [k, data[k]])), alone);
    });
  });
}
