import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DomainError, ErrorCode, isIsoDateTime } from '@homeward/domain';

const bad = (message: string) => new DomainError(ErrorCode.BadUserInput, message);

/** ISO 8601 date-time with a zone; always served in UTC. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date-time with a time zone, served in UTC (2026-03-01T14:30:00Z).',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new TypeError('DateTime cannot represent a non-date value');
  },
  parseValue(value) {
    if (typeof value !== 'string' || !isIsoDateTime(value)) throw bad('DateTime must be an ISO 8601 date-time with a time zone');
    return new Date(value).toISOString();
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isIsoDateTime(ast.value)) throw bad('DateTime must be an ISO 8601 date-time with a time zone');
    return new Date(ast.value).toISOString();
  },
});

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function literal(ast: ValueNode): Json {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      throw bad('JSON values cannot hold variables or enums');
  }
}

/** Entity properties travel as a JSON object; their schema is graph-schema's, checked by the domain. */
export const JSONObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object (entity properties, checked against the graph schema).',
  serialize: (v) => v as Record<string, unknown>,
  parseValue(v) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('must be a JSON object');
    return v as Record<string, unknown>;
  },
  parseLiteral(ast) {
    const v = literal(ast);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('must be a JSON object');
    return v;
  },
});
