/**
 * Roles that may edit case notes and the timeline (the server's `notes.edit`
 * and `timeline.edit`). Others who are members (an ADMIN added to a case)
 * follow the documents read-only: the server closes their connection on any
 * edit, so the client does not offer one.
 */
const EDITORS: ReadonlySet<string> = new Set(['INVESTIGATOR', 'SUPERVISOR', 'ANALYST']);

export const mayEditDocuments = (role: string | null | undefined): boolean => role != null && EDITORS.has(role);
