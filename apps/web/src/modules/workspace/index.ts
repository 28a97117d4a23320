// The module's surface for the rest of the client.
export { CaseWorkspace, TABS, type Tab } from './components/CaseWorkspace';
