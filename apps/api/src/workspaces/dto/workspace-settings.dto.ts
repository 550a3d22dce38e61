import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import { IsTimeZone } from './is-time-zone.validator';

const HOURS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;
const HOURS_MESSAGE = 'opening hours must be ranges such as 09:00-17:00';
// A lower-case host name or dotted IPv4 address, without scheme, port or path.
const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

// Bounds of a workspace's retention period, in days: a day to ten years.
export const RETENTION_DAYS_MIN = 1;
export const RETENTION_DAYS_MAX = 3650;

// A topic name as agents read it in the queue: printable, trimmed, short.
const TOPIC_PATTERN = /^[\p{L}\p{N}](?:[^\p{C}]{0,62}[\p{L}\p{N}])?$/u;

/** Opening hours per weekday in the workspace's time zone; a day left out is closed. */
export class WeeklyHoursDto {
  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  mon?: string[];

  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  tue?: string[];

  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  wed?: string[];

  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  thu?: string[];

  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  fri?: string[];

  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  sat?: string[];

  @ApiPropertyOptional({ type: [String], example: ['09:00-17:00'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @Matches(HOURS_PATTERN, { each: true, message: HOURS_MESSAGE })
  sun?: string[];
}

export class BusinessHoursDto {
  @ApiPropertyOptional({ type: WeeklyHoursDto })
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  days!: WeeklyHoursDto;
}

// An OpenAI model id, fine-tuned ones included (ft:gpt-4o-mini-2024-07-18:acme:style:9abcDEF).
const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,299}$/;

/** A fine-tuned model per LLM task; leave a task out to use the configured model. */
export class TunedModelsDto {
  @ApiPropertyOptional({ example: 'ft:gpt-4o-mini-2024-07-18:acme::9abcDEF', maxLength: 300 })
  @IsOptional()
  @IsString()
  @Matches(MODEL_PATTERN, { message: 'tunedModels.answer must be a model id such as ft:gpt-4o-mini:acme::9abc' })
  answer?: string;
}

export class WorkspaceSettingsDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    description: 'Answers below this calibrated confidence are escalated.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidenceThreshold?: number;

  @ApiPropertyOptional({ maxLength: 1000, description: 'What the bot says when it hands off to a person.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  handoffMessage?: string;

  @ApiPropertyOptional({ example: 'en', description: 'BCP 47 language tag.' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, {
    message: 'locale must be a BCP 47 language tag such as en or pt-BR',
  })
  locale?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptional()
  @IsString()
  @Validate(IsTimeZone)
  timezone?: string;

  @ApiPropertyOptional({ enum: ['claim', 'round_robin'] })
  @IsOptional()
  @IsIn(['claim', 'round_robin'])
  assignment?: 'claim' | 'round_robin';

  @ApiPropertyOptional({ maxLength: 1000, description: 'What the bot says when the customer asks for a person.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  humanRequestMessage?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Said on handoff after the customer rated answers unhelpful.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  negativeFeedbackMessage?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Said on handoff when the bot could not write an answer.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  failureMessage?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Said on handoff of a message the bot will not answer.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  policyMessage?: string;

  @ApiPropertyOptional({
    maxLength: 1000,
    description:
      'Said on handoff when no agent is online or outside business hours; the widget then asks for an e-mail.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  offlineMessage?: string;

  @ApiPropertyOptional({ type: BusinessHoursDto, nullable: true, description: 'null: no business hours.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessHoursDto)
  businessHours?: BusinessHoursDto | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    example: ['api.example.com'],
    description: 'Hosts the workspace actions may call (lower-case names or IP addresses, no scheme or port).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(HOST_PATTERN, {
    each: true,
    message: 'actionHosts must be lower-case host names such as api.example.com, without scheme, port or path',
  })
  actionHosts?: string[];

  @ApiPropertyOptional({
    type: TunedModelsDto,
    description: 'Fine-tuned models tried first per LLM task, the configured model being the fallback; {} for none.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TunedModelsDto)
  tunedModels?: TunedModelsDto;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    example: ['billing', 'shipping', 'returns'],
    description: 'The topics new tickets are classified into (1 to 64 characters each, no duplicates).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'ticketTopics must not repeat a topic' })
  @IsString({ each: true })
  @Matches(TOPIC_PATTERN, {
    each: true,
    message: 'ticketTopics must be names of 1 to 64 characters that start and end with a letter or digit',
  })
  ticketTopics?: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: RETENTION_DAYS_MIN,
    maximum: RETENTION_DAYS_MAX,
    example: 365,
    description:
      'Conversations idle for longer than this many days are deleted with all their data by a scheduled job; null keeps them forever.',
  })
  @IsOptional()
  @IsInt({ message: 'retentionDays must be a whole number of days, or null' })
  @Min(RETENTION_DAYS_MIN, { message: `retentionDays must be at least ${RETENTION_DAYS_MIN}` })
  @Max(RETENTION_DAYS_MAX, { message: `retentionDays must be at most ${RETENTION_DAYS_MAX} (ten years)` })
  retentionDays?: number | null;
}
