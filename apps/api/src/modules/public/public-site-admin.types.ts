import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PUBLIC_LANGUAGES, type PublicLanguage, type PublicSiteRecord } from '@homeward/media';
import { DateTimeScalar } from '../../base/scalars.js';
import { logoPath } from './public-sites.js';

@ObjectType({ description: 'The public site’s name in one language.' })
export class PublicSiteName {
  @Field(() => String, { description: 'en, es, fr or pt.' }) language: string;
  @Field(() => String) name: string;
}

@ObjectType({ description: 'A country’s public site as an administrator configured it (a country without one shows the defaults).' })
export class PublicSite {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code: the site of /public/<country>.' }) country: string;
  @Field(() => String, { nullable: true, description: 'The name in every language without its own; null: the default name.' })
  siteName: string | null;
  @Field(() => [PublicSiteName]) siteNames: PublicSiteName[];
  @Field(() => String, { nullable: true, description: '#rrggbb behind the header’s white text; null: the default colour.' })
  brandColour: string | null;
  @Field(() => String, { nullable: true, description: 'Where the logo is served (WebP); null: no logo.' }) logoUrl: string | null;
  @Field(() => Int, { nullable: true }) logoWidth: number | null;
  @Field(() => Int, { nullable: true }) logoHeight: number | null;
  @Field(() => String) updatedBy: string;
  @Field(() => DateTimeScalar) updatedAt: string;
}

@InputType()
export class PublicSiteNameInput {
  @Field(() => String, { description: 'en, es, fr or pt.' }) language: string;
  @Field(() => String) name: string;
}

@InputType({ description: 'Replaces the name, names and colour; a field left out or empty means the default. The logo is uploaded apart.' })
export class PublicSiteInput {
  @Field(() => String, { nullable: true, description: 'At most 80 characters, one line.' }) siteName?: string | null;
  @Field(() => [PublicSiteNameInput], { nullable: true, description: 'The name per language, overriding siteName.' })
  siteNames?: PublicSiteNameInput[] | null;
  @Field(() => String, {
    nullable: true,
    description: '#rrggbb, dark enough that white text on it has a contrast of at least 4.5:1 (WCAG AA).',
  })
  brandColour?: string | null;
}

export function toPublicSite(s: PublicSiteRecord): PublicSite {
  return {
    country: s.country,
    siteName: s.siteName,
    siteNames: PUBLIC_LANGUAGES.filter((l: PublicLanguage) => s.siteNames[l]).map((l) => ({ language: l, name: s.siteNames[l]! })),
    brandColour: s.brandColour,
    logoUrl: s.logo ? logoPath(s.country, s.logo.sha256) : null,
    logoWidth: s.logo?.width ?? null,
    logoHeight: s.logo?.height ?? null,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
  };
}
