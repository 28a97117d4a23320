export * from './port';
export { IDENTIFIER_PREFIXES, identifierKindOf } from './identifiers';
export { openEmbeddedTeamwork, TEAMWORK_DDL } from './embedded';
export { openNeo4jTeamwork } from './neo4j';
