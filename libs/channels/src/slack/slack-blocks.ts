import { MessageKind, MessageMetadata, answerMetadataOf, detailsOf } from '@switchboard/database';
import { SlackBlock } from './slack-web-api';

/** Action ids of the buttons Switchboard puts on Slack messages; the value carries what the action is about. */
export const SLACK_ACTIONS = {
  helpful: 'sb_feedback_up',
  notHelpful: 'sb_feedback_down',
  askHuman: 'sb_ask_human',
  claim: 'sb_claim',
  confirmYes: 'sb_confirm_yes',
  confirmNo: 'sb_confirm_no',
} as const;
export type SlackActionId = (typeof SLACK_ACTIONS)[keyof typeof SLACK_ACTIONS];

/** The 1–5 buttons under the bot's rating request: `sb_csat_<score>` (action ids are unique within a block). */
const CSAT_ACTION_PREFIX = 'sb_csat_';
export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;

export function csatActionId(score: number): string {
  return `${CSAT_ACTION_PREFIX}${score}`;
}

/** The score a rating button stands for, or null for any other action. */
export function csatScoreOf(actionId: string): number | null {
  if (!actionId.startsWith(CSAT_ACTION_PREFIX)) return null;
  const score = Number(actionId.slice(CSAT_ACTION_PREFIX.length));
  return (CSAT_SCORES as readonly number[]).includes(score) ? score : null;
}

export function csatBlockId(messageId: string): string {
  return `sb_csat_${messageId}`;
}

export interface SlackCitation {
  index: number;
  title: string;
  url: string | null;
}

export interface RenderableMessage {
  id: string;
  conversationId: string;
  content: string;
  kind: MessageKind;
  metadata: MessageMetadata;
}

// Slack refuses section text over 3000 characters.
const SECTION_LIMIT = 3000;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The answer's Markdown as Slack mrkdwn: links become <url|text>, **bold** becomes *bold*. */
export function toMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_match, text: string, url: string) => `<${url}|${text}>`)
    .replace(/\*\*([^*]+)\*\*/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

/** "High", "Medium" or "Low" confidence, from the answer's score; null when the message carries none. */
export function confidenceLabel(confidence: unknown): string | null {
  if (typeof confidence !== 'number' || !Number.isFinite(confidence)) return null;
  if (confidence >= 0.75) return 'High confidence';
  if (confidence >= 0.5) return 'Medium confidence';
  return 'Low confidence';
}

export function slackCitationsOf(metadata: { citations?: unknown }): SlackCitation[] {
  const raw = metadata.citations;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown): SlackCitation[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { index, title, url } = item as Record<string, unknown>;
    if (typeof title !== 'string') return [];
    return [{ index: typeof index === 'number' ? index : 0, title, url: typeof url === 'string' ? url : null }];
  });
}

/** The value of a button on a bot message: which conversation and which message it is about. */
export function messageActionValue(message: Pick<RenderableMessage, 'conversationId' | 'id'>): string {
  return `${message.conversationId}:${message.id}`;
}

export function parseMessageActionValue(value: string): { conversationId: string; messageId: string } | null {
  const [conversationId, messageId, ...rest] = value.split(':');
  return conversationId && messageId && rest.length === 0 ? { conversationId, messageId } : null;
}

function sections(mrkdwn: string): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let start = 0; start < mrkdwn.length; start += SECTION_LIMIT) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn.slice(start, start + SECTION_LIMIT) } });
  }
  return blocks.length > 0 ? blocks : [{ type: 'section', text: { type: 'mrkdwn', text: ' ' } }];
}

/**
 * A Switchboard message as Block Kit. A bot answer gets its citations as links, a confidence label and the
 * helpful / not helpful / "Ask a human" buttons; anything else (a handoff notice, an agent's reply) is its text.
 */
export function renderMessageBlocks(message: RenderableMessage, options: { question?: string } = {}): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  if (options.question) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `> ${escapeMrkdwn(options.question)}` }] });
  }
  blocks.push(...sections(toMrkdwn(message.content)));
  if (isCsatRequest(message)) return [...blocks, csatBlock(message)];
  const answer = answerMetadataOf(message);
  if (!answer) return blocks;

  const citations = slackCitationsOf(answer);
  const label = confidenceLabel(answer.confidence);
  const context = [
    ...(citations.length > 0
      ? [
          `Sources: ${citations
            .map(({ index, title, url }) => {
              const name = escapeMrkdwn(`[${index}] ${title}`);
              return url ? `<${url}|${name}>` : name;
            })
            .join(' · ')}`,
        ]
      : []),
    ...(label ? [label] : []),
  ];
  if (context.length > 0) {
    blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn' as const, text })) });
  }
  const value = messageActionValue(message);
  if (answer.confirmation) blocks.push(confirmationBlock(message.id, value));
  blocks.push({
    type: 'actions',
    block_id: `sb_answer_${message.id}`,
    elements: [
      { type: 'button', action_id: SLACK_ACTIONS.helpful, text: { type: 'plain_text', text: 'Helpful' }, value },
      {
        type: 'button',
        action_id: SLACK_ACTIONS.notHelpful,
        text: { type: 'plain_text', text: 'Not helpful' },
        value,
      },
      {
        type: 'button',
        action_id: SLACK_ACTIONS.askHuman,
        text: { type: 'plain_text', text: 'Ask a human' },
        style: 'primary',
        value,
      },
    ],
  });
  return blocks;
}

export function confirmationBlockId(messageId: string): string {
  return `sb_confirm_${messageId}`;
}

/** Yes / No under a request to confirm an action: a press answers as if the asker had typed it. */
function confirmationBlock(messageId: string, value: string): SlackBlock {
  return {
    type: 'actions',
    block_id: confirmationBlockId(messageId),
    elements: [
      {
        type: 'button',
        action_id: SLACK_ACTIONS.confirmYes,
        text: { type: 'plain_text', text: 'Yes' },
        style: 'primary',
        value,
      },
      { type: 'button', action_id: SLACK_ACTIONS.confirmNo, text: { type: 'plain_text', text: 'No' }, value },
    ],
  };
}

function isCsatRequest(message: RenderableMessage): boolean {
  const details = detailsOf(message);
  return details.kind === 'message' && details.metadata.csatRequest !== undefined;
}

/** 1–5 under the bot's rating request: a press rates the conversation (changeable within the window). */
function csatBlock(message: RenderableMessage): SlackBlock {
  const value = messageActionValue(message);
  return {
    type: 'actions',
    block_id: csatBlockId(message.id),
    elements: CSAT_SCORES.map((score) => ({
      type: 'button',
      action_id: csatActionId(score),
      text: { type: 'plain_text', text: `${score} ${'★'.repeat(score)}` },
      value,
    })),
  };
}

/** The plain-text fallback Slack shows in notifications. */
export function fallbackText(message: Pick<RenderableMessage, 'content'>): string {
  return message.content.length > 300 ? `${message.content.slice(0, 297)}...` : message.content;
}
