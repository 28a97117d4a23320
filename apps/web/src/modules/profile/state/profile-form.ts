import type { ChildProfile } from '../graphql/profile.generated';

/** The editable profile as form strings; lists are comma-separated. */
export interface ProfileForm {
  fullName: string;
  aliases: string;
  dateOfBirth: string;
  sex: string;
  nationality: string;
  physicalDescription: string;
  clothing: string;
  languagesSpoken: string;
  medicalNeeds: string;
  circumstances: string;
  lastSeenAt: string;
  lastSeenLocationId: string;
}

/** An ISO instant as the value of a datetime-local input (local time, minutes). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formFromProfile(p: ChildProfile | null): ProfileForm {
  return {
    fullName: p?.fullName ?? '',
    aliases: p?.aliases.join(', ') ?? '',
    dateOfBirth: p?.dateOfBirth ?? '',
    sex: p?.sex ?? '',
    nationality: p?.nationality ?? '',
    physicalDescription: p?.physicalDescription ?? '',
    clothing: p?.clothing ?? '',
    languagesSpoken: p?.languagesSpoken.join(', ') ?? '',
    medicalNeeds: p?.medicalNeeds ?? '',
    circumstances: p?.circumstances ?? '',
    lastSeenAt: toLocalInput(p?.lastSeenAt ?? null),
    lastSeenLocationId: p?.lastSeenLocation?.id ?? '',
  };
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Only what changed goes to the server; an emptied field is sent as null (cleared). */
export function profileInput(form: ProfileForm, before: ProfileForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(form) as Array<keyof ProfileForm>) {
    if (form[k] === before[k]) continue;
    const v = form[k].trim();
    if (k === 'aliases' || k === 'languagesSpoken') out[k] = list(v);
    else if (k === 'lastSeenAt') out[k] = v ? new Date(v).toISOString() : null;
    else if (k === 'nationality') out[k] = v ? v.toUpperCase() : null;
    else out[k] = v || null;
  }
  return out;
}
