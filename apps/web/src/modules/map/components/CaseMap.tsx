export default function CaseMap({ caseId }: { caseId: string }) {
  return <p>{caseId}</p>;
}
