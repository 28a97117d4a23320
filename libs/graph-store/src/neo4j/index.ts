export { openNeo4jStores, describeStartupError, Neo4jConfigError, type Neo4jOptions, type Neo4jStores } from './open';
export { Neo4jGraphStore } from './graph-store';
export { Neo4jCaseStore } from './case-store';
export { Neo4jAccountStore } from './account-store';
export { applyMigrations } from './migrate';
export { CYPHER, type CypherName } from './cypher';
export { escapeLucene, luceneQuery } from './lucene';
export { graphRunner, type Tx, type TxRunner } from './tx';
