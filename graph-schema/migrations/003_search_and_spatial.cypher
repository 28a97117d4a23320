// Generated from graph-schema/src/model.ts by `npm run schema:generate`; do not edit.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Person|Vehicle|Location|Sighting|Phone|OnlineAccount) ON EACH [n.fullName, n.aliases, n.description, n.physicalDescription, n.clothing, n.circumstances, n.plate, n.make, n.model, n.name, n.address, n.number, n.handle, n.searchKeys] OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };
CREATE POINT INDEX location_point IF NOT EXISTS FOR (n:Location) ON (n.point);
CREATE INDEX audit_seq IF NOT EXISTS FOR (n:AuditRecord) ON (n.seq);
CREATE INDEX doc_update_room IF NOT EXISTS FOR (n:DocUpdate) ON (n.room, n.seq);
CREATE INDEX notification_recipient IF NOT EXISTS FOR (n:Notification) ON (n.recipientId);
CREATE INDEX task_case IF NOT EXISTS FOR (n:Task) ON (n.caseId);
CREATE INDEX task_assignee IF NOT EXISTS FOR (n:Task) ON (n.assigneeId);
CREATE INDEX task_comment_task IF NOT EXISTS FOR (n:TaskComment) ON (n.taskId);
CREATE INDEX access_request_pair IF NOT EXISTS FOR (n:AccessRequest) ON (n.fromCaseId, n.toCaseId);
CREATE INDEX access_request_to IF NOT EXISTS FOR (n:AccessRequest) ON (n.toCaseId);
CREATE INDEX graph_journal_case IF NOT EXISTS FOR (n:GraphJournalEntry) ON (n.caseId, n.seq);
