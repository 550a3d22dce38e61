import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SlackTicketNotices } from '@switchboard/channels';
import { TicketEvent, TicketEventName } from './ticket.events';

const TICKET_OPENED: TicketEventName = 'ticket.opened';

/**
 * Announces a new ticket in the channels that want to hear of it: Slack's escalation and mirror channels. Handoff
 * calls down into channels; channels never listens for handoff's events.
 */
@Injectable()
export class TicketNoticesListener {
  constructor(private readonly slack: SlackTicketNotices) {}

  @OnEvent(TICKET_OPENED, { async: true, suppressErrors: true })
  async onTicketOpened(event: TicketEvent): Promise<void> {
    await this.slack.queueFor(event);
  }
}
