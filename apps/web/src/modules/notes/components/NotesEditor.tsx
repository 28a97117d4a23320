export default function NotesEditor({ caseId }: { caseId: string }) {
  return <p>{caseId}</p>;
}
