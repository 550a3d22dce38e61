import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ChannelsModule } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { CsatModule } from '@switchboard/csat';
import { HandoffModule } from '@switchboard/handoff';
import { WidgetAgentNames } from './widget-agent-names';
import { WidgetController } from './widget.controller';
import { WidgetConversationService } from './widget-conversation.service';
import { WidgetEventsService } from './widget-events.service';
import { WidgetInboxesService } from './widget-inboxes.service';
import { WidgetOriginMiddleware } from './widget-origin.middleware';
import { WidgetIpRateLimitGuard } from './widget-rate-limit.guard';
import { WidgetSessionsService } from './widget-sessions.service';
import { WidgetVisitorGuard } from './widget-visitor.guard';

/** The widget's HTTP surface: sessions, messages, the live event stream, feedback and handoff. */
@Module({
  imports: [ConversationsModule, ChannelsModule, HandoffModule, AuthModule, CsatModule],
  controllers: [WidgetController],
  providers: [
    WidgetInboxesService,
    WidgetSessionsService,
    WidgetConversationService,
    WidgetEventsService,
    WidgetAgentNames,
    WidgetIpRateLimitGuard,
    WidgetVisitorGuard,
  ],
})
export class WidgetModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every method, OPTIONS included: preflights are answered here, before routing.
    consumer.apply(WidgetOriginMiddleware).forRoutes({ path: 'v1/widget/*path', method: RequestMethod.ALL });
  }
}
