import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { AgencyKindEnum, CaseCategoryEnum, CaseStatusEnum, RiskLevelEnum, RoleEnum } from '../../base/enums.js';
import { DateTimeScalar } from '../../base/scalars.js';

@ObjectType()
export class Agency {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2' }) country: string;
  @Field(() => AgencyKindEnum) kind: string;
}

@ObjectType()
export class User {
  @Field(() => ID) id: string;
  @Field(() => String) email: string;
  @Field(() => String) displayName: string;
  @Field(() => RoleEnum) role: string;
  @Field(() => RoleEnum, {
    nullable: true,
    description:
      "In a case's members: the case role that narrows this member's account role on that case (null: the account's role).\n" +
      'Elsewhere always null.',
  })
  caseRole?: string | null;
  /** Resolved by a field resolver from agencyId. */
  agencyId: string;
}

@ObjectType()
export class AuthPayload {
  @Field(() => String) token: string;
  @Field(() => User) user: User;
}

@ObjectType()
export class Case {
  @Field(() => ID) id: string;
  @Field(() => String) reference: string;
  @Field(() => String) title: string;
  @Field(() => CaseCategoryEnum) category: string;
  @Field(() => CaseStatusEnum) status: string;
  @Field(() => RiskLevelEnum) riskLevel: string;
  @Field(() => String, { description: 'Lead jurisdiction, ISO 3166-1 alpha-2.' }) country: string;
  @Field(() => DateTimeScalar) reportedAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) lastSeenAt: string | null;
  leadAgencyId: string;
  createdBy: string;
}

@InputType()
export class CreateCaseInput {
  @Field(() => String) title: string;
  @Field(() => CaseCategoryEnum) category: string;
  @Field(() => RiskLevelEnum) riskLevel: string;
  @Field(() => String) country: string;
  @Field(() => DateTimeScalar, { nullable: true }) lastSeenAt?: string | null;
}

@InputType()
export class UpdateCaseInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => CaseCategoryEnum, { nullable: true }) category?: string | null;
  @Field(() => CaseStatusEnum, { nullable: true }) status?: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) riskLevel?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastSeenAt?: string | null;
}
