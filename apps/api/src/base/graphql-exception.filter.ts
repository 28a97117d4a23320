import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands every resolver error to Apollo unchanged, where formatError maps
 * domain errors to their codes and logs (once) only the unexpected ones.
 * Without it Nest logs each user-input error with a stack trace.
 */
@Catch()
export class GraphqlExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): unknown {
    return exception;
  }
}
