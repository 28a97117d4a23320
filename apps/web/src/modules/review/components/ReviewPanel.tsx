export default function ReviewPanel({ caseId }: { caseId: string }) {
  return <p>{caseId}</p>;
}
