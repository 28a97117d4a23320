// The module's surface for the rest of the client.
export { Presence } from './components/Presence';
export { colorFor, useCollabRoom, type CollabRoom } from './hooks/use-collab-room';
export { mayEditDocuments } from './state/document-access';
