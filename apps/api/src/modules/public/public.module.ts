import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ChildModule } from '../child/child.module.js';
import { GraphModule } from '../graph/graph.module.js';
import { PhotosModule } from '../media/photos.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { InboxNotifier, PUBLIC_NOTIFIER } from './public.notifier.js';
import { PUBLIC_SETTINGS, publicSettingsFromEnv } from './public.settings.js';
import { PublicationResolver } from './publication.resolver.js';
import { PublicationService } from './publication.service.js';
import { PublicSiteAdminResolver } from './public-site-admin.resolver.js';
import { PublicSiteAdminService } from './public-site-admin.service.js';
import { PublicEmbedController } from './public-embed.controller.js';
import { PublicSiteLogoController } from './public-site-logo.controller.js';
import { PublicSiteController } from './public-site.controller.js';
import { PublicSiteService } from './public-site.service.js';
import { TipChallenges } from './tip-challenge.js';
import { TipEvents } from './tip-events.js';
import { TipIntakeController } from './tip-intake.controller.js';
import { TipResolver } from './tip.resolver.js';
import { TipService } from './tip.service.js';

/** The public side: published missing-child pages, feeds, and the tips the public sends. */
@Module({
  imports: [ChildModule, PhotosModule, CasesModule, GraphModule, NotificationsModule],
  providers: [
    { provide: PUBLIC_SETTINGS, useFactory: () => publicSettingsFromEnv(process.env) },
    { provide: PUBLIC_NOTIFIER, useClass: InboxNotifier },
    PublicationService,
    PublicationResolver,
    PublicSiteService,
    PublicSiteAdminService,
    PublicSiteAdminResolver,
    TipChallenges,
    TipEvents,
    TipService,
    TipResolver,
  ],
  controllers: [PublicEmbedController, PublicSiteController, PublicSiteLogoController, TipIntakeController],
  exports: [PublicationService],
})
export class PublicModule {}
