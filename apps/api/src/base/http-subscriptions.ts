import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Subscriptions are served over graphql-ws (the websocket on /graphql). Sent over HTTP, Apollo
 * would run the subscription's resolver as a plain field and fail with an internal error; this
 * refuses it instead, as the client's mistake: 400 BAD_REQUEST naming the transport to use.
 */
export function subscriptionsOverHttpRefused(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription')
            throw new GraphQLError('subscriptions are served over graphql-ws (a websocket to /graphql), not over HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
        },
      };
    },
  };
}
