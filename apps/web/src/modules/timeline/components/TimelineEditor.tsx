export default function TimelineEditor({ caseId }: { caseId: string }) {
  return <p>{caseId}</p>;
}
