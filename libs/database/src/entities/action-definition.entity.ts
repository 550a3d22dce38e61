import { Column, Entity, Index } from 'typeorm';
import type { ChannelType } from './inbox.entity';
import type { Visibility } from './knowledge-source.entity';
import { TenantEntity } from './tenant-columns';

export const ACTION_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ActionMethod = (typeof ACTION_METHODS)[number];

/** One parameter: a string, constrained by a pattern, an enum (with customer synonyms) or a format. */
export interface ActionParameterSchema {
  type: 'string';
  description?: string;
  pattern?: string;
  enum?: string[];
  format?: 'date' | 'email';
  /** Not JSON Schema: the words customers use for each enum value (validators ignore it). */
  'x-aliases'?: Record<string, string[]>;
}

/** The parameters of an action, as the JSON Schema subset actions support. */
export interface ActionParametersSchema {
  type: 'object';
  properties: Record<string, ActionParameterSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

/** An HTTP call a workspace lets the bot make on its own API, declared by an admin. */
@Entity('action_definitions')
@Index(['workspaceId', 'name'], { unique: true })
export class ActionDefinition extends TenantEntity {
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 8 })
  method!: ActionMethod;

  /** Absolute URL template; `{param}` in the path is a path parameter. */
  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column({ type: 'jsonb' })
  parameters!: ActionParametersSchema;

  /** Parameters filled from the verified customer identity only, never from message text. */
  @Column({ type: 'jsonb', default: [] })
  identity!: string[];

  @Column({ type: 'boolean', default: false })
  sideEffect!: boolean;

  @Column({ type: 'jsonb', default: [] })
  examples!: string[];

  /** Non-secret headers; a value may reference a secret as `{{secrets.NAME}}`. */
  @Column({ type: 'jsonb', default: {} })
  headers!: Record<string, string>;

  /** Secret values by name, each sealed with AES-256-GCM: never returned by the API, never logged. */
  @Column({ type: 'jsonb', default: {}, select: false })
  secrets!: Record<string, string>;

  /** Inbox channel types the action may run in; null means all. */
  @Column({ type: 'jsonb', nullable: true })
  channels!: ChannelType[] | null;

  /** public: the bot may use it with customers; internal: staff only. */
  @Column({ type: 'varchar', length: 16, default: 'public' })
  visibility!: Visibility;

  @Column({ type: 'integer' })
  timeoutMs!: number;

  @Column({ type: 'integer' })
  maxResponseBytes!: number;

  /** Plain-text reply rendered from the JSON response with `{{path.to.field}}`; null: the LLM answers. */
  @Column({ type: 'text', nullable: true })
  answerTemplate!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;
}
