import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * The same query limits on HTTP and on graphql-ws (OWASP GraphQL cheat
 * sheet): depth, aliases, directives, cost and token count. The numbers fit
 * the client's heaviest query (a case graph with provenance) with room to
 * spare; a login batch hidden in aliases is capped by maxAliases, and each
 * aliased attempt still counts towards the account lockout.
 */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxCost: 5000,
  maxTokens: 3000,
  /** Largest graphql-ws message, bytes. */
  maxWsPayload: 256 * 1024,
  /** Sustained graphql-ws messages per second per connection, and the burst allowed above it. */
  wsMessagesPerSecond: 20,
  wsBurst: 40,
} as const;

export function armor(production: boolean) {
  const protection = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
    // The token limit is graphql-js's own parse option (app.module.ts parseOptions, graphql-ws.ts):
    // Armor's version parses in a plugin hook, where Apollo answers a refusal, even a syntax error, with 500.
    maxTokens: { enabled: false },
    // Suggestions ("did you mean …") describe the schema; off in production like introspection.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return protection;
}
