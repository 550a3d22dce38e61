import type { ChannelType, Conversation, Inbox, Message, WorkspaceId } from '@switchboard/database';

/** What a channel can render, so use cases degrade (no streaming, no buttons) without asking which channel it is. */
export interface ChannelCapabilities {
  /** Bot answers can be shown token by token. */
  streaming: boolean;
  /** Replies can be attached to a thread (Slack thread, e-mail References). */
  threads: boolean;
  /** Buttons such as "Talk to a human" or feedback thumbs. */
  richButtons: boolean;
  typingIndicator: boolean;
  /** Delivery is immediate (live stream) rather than through a queued send. */
  realtime: boolean;
  /** The people on this channel are staff (Slack): answers may use internal sources as well as public ones. */
  internalKnowledge: boolean;
}

export interface ChannelSendContext {
  workspaceId: WorkspaceId;
  /** Loaded with its secrets: adapters build their clients per call from the inbox's credentials. */
  inbox: Inbox;
  conversation: Conversation;
  message: Message;
}

export interface ChannelSendResult {
  /** The channel's own id of the delivered message (Slack ts, e-mail Message-ID). */
  externalId?: string;
}

/** An answer shown while it is written, on a channel that can edit what it posted (Slack). */
export interface LiveDraft {
  /** The channel's id of the draft; the final message carries it as metadata.draftId, and its send edits it. */
  readonly externalId: string;
  update(text: string): Promise<void>;
}

export interface DraftContext {
  workspaceId: WorkspaceId;
  /** Loaded with its secrets. */
  inbox: Inbox;
  conversation: Conversation;
  text: string;
}

/** One channel (widget, Slack, e-mail): how a message written in Switchboard reaches the customer there. */
export interface ChannelAdapter {
  readonly channel: ChannelType;
  readonly capabilities: ChannelCapabilities;
  send(context: ChannelSendContext): Promise<ChannelSendResult>;
  /** Queued channels that can edit a posted message show long answers progressively (null: not here). */
  startDraft?(context: DraftContext): Promise<LiveDraft | null>;
}

/** Multi-provider token: every adapter the process knows, collected by ChannelRegistry. */
export const CHANNEL_ADAPTERS = Symbol('CHANNEL_ADAPTERS');
