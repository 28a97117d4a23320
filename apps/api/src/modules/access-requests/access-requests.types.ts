import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '../../base/enums.js';
import { DateTimeScalar } from '../../base/scalars.js';

@ObjectType({ description: 'What a request for access said was sent: how many cases were asked, and how many not again so soon.' })
export class AccessRequestSent {
  @Field(() => Int, { description: 'Requests sent (one per matching case outside yours; which cases is not said).' }) sent: number;
  @Field(() => Int, { description: 'Cases already asked from this case within the last day: not asked again.' }) limited: number;
}

@ObjectType({ description: 'A request for access to a case, as the requester sees it: nothing of the other case before a grant.' })
export class OutgoingAccessRequest {
  @Field(() => ID) id: string;
  @Field(() => ID) fromCaseId: string;
  @Field(() => String) fromCaseReference: string;
  @Field(() => String, { description: 'SAME_ENTITY or SAME_IDENTIFIER.' }) reason: string;
  @Field(() => String, { nullable: true, description: 'plate, vin, phone, imei or handle.' }) identifierKind: string | null;
  @Field(() => String, { description: 'The lead agency of the case asked (what the notice already said).' }) agencyName: string;
  @Field(() => String, { description: 'PENDING, GRANTED or DECLINED.' }) status: string;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: string | null;
  @Field(() => String, { nullable: true }) decisionReason: string | null;
  @Field(() => ID, { nullable: true, description: 'The case, once granted (the requester is then a member).' }) grantedCaseId:
    string | null;
  @Field(() => String, { nullable: true }) grantedCaseReference: string | null;
}

@ObjectType({ description: "A request for access to one of the caller's cases, for its lead agency's supervisors." })
export class IncomingAccessRequest {
  @Field(() => ID) id: string;
  @Field(() => ID) toCaseId: string;
  @Field(() => String) toCaseReference: string;
  @Field(() => String) requesterName: string;
  @Field(() => String) requesterAgency: string;
  @Field(() => RoleEnum, { nullable: true, description: "The requester's account role: a grant's case role is never above it." })
  requesterRole: string | null;
  @Field(() => String, { description: "The requester's case that matched (its reference only)." }) fromCaseReference: string;
  @Field(() => String) reason: string;
  @Field(() => String, { nullable: true }) identifierKind: string | null;
  @Field(() => String) message: string;
  @Field(() => String) status: string;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: string | null;
  @Field(() => String, { nullable: true }) decisionReason: string | null;
}

@ObjectType()
export class AccessRequests {
  @Field(() => [IncomingAccessRequest]) incoming: IncomingAccessRequest[];
  @Field(() => [OutgoingAccessRequest]) outgoing: OutgoingAccessRequest[];
}
