import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RATINGS, Rating, WidgetQuery, WidgetRequest } from '@switchboard/contracts';
import { CSAT_COMMENT_MAX_CHARS } from '@switchboard/database';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class WidgetSessionDto implements WidgetRequest<'POST session'> {
  @ApiPropertyOptional({ description: 'The token of an earlier session, kept by the browser.' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  visitorToken?: string;

  @ApiPropertyOptional({ maxLength: 200, description: "The host page's id for the signed-in user." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  userId?: string;

  @ApiPropertyOptional({ description: 'Hex HMAC-SHA256 of userId under the inbox identity secret.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  userHash?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 320 })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class WidgetMessageDto implements WidgetRequest<'POST messages'> {
  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'Chosen by the widget; a retry reuses it.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'clientMessageId must be 1 to 100 of A-Z, a-z, 0-9, _ and -' })
  clientMessageId!: string;

  @ApiProperty({ description: 'The message; its length is checked against WIDGET_MAX_MESSAGE_CHARS after trimming.' })
  @IsString()
  content!: string;
}

export class WidgetHistoryQueryDto implements WidgetQuery<'GET messages'> {
  @ApiPropertyOptional({ description: 'Only messages after this one (a reconnecting widget catches up).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}

export class WidgetAttachmentQueryDto implements WidgetQuery<'POST attachments'> {
  @ApiPropertyOptional({ maxLength: 1000, description: "The file's name, display only: the type is sniffed." })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  name?: string;

  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'Chosen by the widget; a retry reuses it.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'clientMessageId must be 1 to 100 of A-Z, a-z, 0-9, _ and -' })
  clientMessageId?: string;
}

export class WidgetFeedbackDto implements WidgetRequest<'POST feedback'> {
  @ApiProperty()
  @IsString()
  @MaxLength(100)
  messageId!: string;

  @ApiProperty({ enum: RATINGS })
  @IsIn(RATINGS)
  rating!: Rating;
}

export class WidgetContactDto implements WidgetRequest<'POST contact'> {
  @ApiProperty({ maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;
}

export class WidgetCsatDto implements WidgetRequest<'POST csat'> {
  @ApiProperty({ format: 'uuid', description: "The bot's rating request message." })
  @IsString()
  @MaxLength(100)
  messageId!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ maxLength: CSAT_COMMENT_MAX_CHARS })
  @IsOptional()
  @IsString()
  @MaxLength(CSAT_COMMENT_MAX_CHARS)
  comment?: string;
}
