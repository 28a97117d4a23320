export * from './model';
export { sqliteDdl, searchableProps, indexedProps } from './derive/sqlite';
export { sqliteColumnMigrations, ADDED_COLUMNS } from './derive/sqlite';
export { neo4jMigrations, migrationFile, cypherLintSchema, ENTITY_LABEL, SEARCH_KEYS_PROP, type Migration } from './derive/cypher';
