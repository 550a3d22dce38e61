import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { MAX_RESPONSE_BYTES, TIMEOUT_MS } from '@switchboard/actions';
import {
  ACTION_METHODS,
  ActionMethod,
  CHANNEL_TYPES,
  ChannelType,
  VISIBILITIES,
  Visibility,
} from '@switchboard/database';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
} from 'class-validator';
import { IsIdentity, IsJsonObject, IsSecretMap, IsStringMap } from './map-validators';

const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } } as const;

export class CreateActionDto {
  @ApiProperty({ maxLength: 64, pattern: '^[a-z][a-z0-9_]{0,63}$', example: 'order_status' })
  @IsString()
  @MaxLength(64)
  name!: string;

  @ApiProperty({ maxLength: 4000, description: 'What the action does and when to use it: the bot reads it.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description!: string;

  @ApiProperty({ enum: ACTION_METHODS })
  @IsIn(ACTION_METHODS)
  method!: ActionMethod;

  @ApiProperty({
    maxLength: 2048,
    example: 'https://api.example.com/orders/{order_number}',
    description:
      "Absolute URL on one of the workspace's actionHosts; `{param}` in the path names a required parameter.",
  })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'JSON Schema object of string parameters: `pattern`, `enum` (with `x-aliases` synonyms), `format` date or email, `description`, `required`.',
  })
  @Validate(IsJsonObject)
  parameters!: Record<string, unknown>;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    nullable: true,
    description: 'Parameters filled from the verified customer only, never from message text.',
  })
  @IsOptional()
  @Validate(IsIdentity)
  identity?: string | string[] | null;

  @ApiPropertyOptional({ default: false, description: 'The action changes something: the bot asks to confirm first.' })
  @IsOptional()
  @IsBoolean()
  sideEffect?: boolean;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  examples?: string[];

  @ApiPropertyOptional({
    ...STRING_MAP,
    description: 'Headers sent with every call; `{{secrets.NAME}}` fills in a secret.',
  })
  @IsOptional()
  @Validate(IsStringMap)
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'Write-only secret values by name, never returned; in a change, null removes one.',
  })
  @IsOptional()
  @Validate(IsSecretMap)
  secrets?: Record<string, string | null>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...CHANNEL_TYPES] },
    nullable: true,
    description: 'Inbox channels the action may run in; null: all.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNEL_TYPES, { each: true })
  channels?: ChannelType[] | null;

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'public', description: 'internal: staff only.' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ minimum: TIMEOUT_MS.min, maximum: TIMEOUT_MS.max, default: TIMEOUT_MS.default })
  @IsOptional()
  @IsInt()
  @Min(TIMEOUT_MS.min)
  @Max(TIMEOUT_MS.max)
  timeoutMs?: number;

  @ApiPropertyOptional({
    minimum: MAX_RESPONSE_BYTES.min,
    maximum: MAX_RESPONSE_BYTES.max,
    default: MAX_RESPONSE_BYTES.default,
  })
  @IsOptional()
  @IsInt()
  @Min(MAX_RESPONSE_BYTES.min)
  @Max(MAX_RESPONSE_BYTES.max)
  maxResponseBytes?: number;

  @ApiPropertyOptional({
    maxLength: 2000,
    nullable: true,
    example: 'Order {{order_number}} is {{status}}.',
    description: 'Plain-text reply from the JSON response with `{{path.to.field}}`; null: the LLM answers.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  answerTemplate?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateActionDto extends PartialType(CreateActionDto) {}
