import { registerEnumType } from '@nestjs/graphql';
import {
  AGENCY_KINDS,
  CASE_CATEGORIES,
  CASE_STATUSES,
  ENTITY_KIND_NAMES,
  LINK_TYPES,
  LINK_TYPE_NAMES,
  PERSON_ROLES,
  RISK_LEVELS,
  ROLES,
} from '@homeward/graph-schema';

// GraphQL enums are derived from graph-schema, never listed twice.
const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RoleEnum = asEnum(ROLES);
export const AgencyKindEnum = asEnum(AGENCY_KINDS);
export const CaseCategoryEnum = asEnum(CASE_CATEGORIES);
export const CaseStatusEnum = asEnum(CASE_STATUSES);
export const RiskLevelEnum = asEnum(RISK_LEVELS);
export const EntityKindEnum = asEnum(ENTITY_KIND_NAMES);
export const PersonRoleEnum = asEnum(PERSON_ROLES);
export const LinkTypeEnum = asEnum(LINK_TYPE_NAMES);
export const GraphChangeKindEnum = asEnum(['UPSERTED', 'REMOVED'] as const);
export const CollabDocumentEnum = asEnum(['NOTES', 'TIMELINE'] as const);

registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(AgencyKindEnum, { name: 'AgencyKind' });
registerEnumType(CaseCategoryEnum, {
  name: 'CaseCategory',
  description: 'Why the child is missing, after the ICMEC / Missing Children Europe categories.',
});
registerEnumType(CaseStatusEnum, { name: 'CaseStatus' });
registerEnumType(RiskLevelEnum, { name: 'RiskLevel' });
registerEnumType(EntityKindEnum, { name: 'EntityKind' });
registerEnumType(PersonRoleEnum, { name: 'PersonRole', description: "A person's part in one case." });
registerEnumType(LinkTypeEnum, {
  name: 'LinkType',
  valuesMap: Object.fromEntries(LINK_TYPE_NAMES.map((t) => [t, { description: LINK_TYPES[t].description }])),
});
registerEnumType(GraphChangeKindEnum, { name: 'GraphChangeKind' });
registerEnumType(CollabDocumentEnum, { name: 'CollabDocument' });
