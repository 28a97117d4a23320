/** "Lucía Morales, Policía Nacional Civil": a person by name and agency, for histories that say who acted. */
export function personAndAgency(
  u: { readonly displayName: string; readonly agency: { readonly name: string } } | null | undefined,
  unknown: string,
): string {
  return u ? `${u.displayName}, ${u.agency.name}` : unknown;
}
