// The module's surface for the rest of the client.
export { CaseListPage } from './components/CaseListPage';
export { CASE, type CaseSummary } from './graphql/cases.generated';
