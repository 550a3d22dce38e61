import { ApiProperty } from '@nestjs/swagger';

const AUTOMATED_KINDS = ['bounce', 'auto_reply', 'mailing_list'];

/** The mail was stored in its conversation. */
export class InboundStoredResponse {
  @ApiProperty({ enum: ['stored'] }) status!: 'stored';
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ description: 'The bot will answer it.' }) answering!: boolean;
  @ApiProperty({
    type: String,
    enum: AUTOMATED_KINDS,
    nullable: true,
    description: 'Why an automated mail is not answered.',
  })
  automated!: string | null;
}

/** The same Message-ID was delivered before: nothing new was stored. */
export class InboundDuplicateResponse {
  @ApiProperty({ enum: ['duplicate'] }) status!: 'duplicate';
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
}

/** A delivery report: the replies it names are marked undeliverable. */
export class InboundBounceResponse {
  @ApiProperty({ enum: ['bounce'] }) status!: 'bounce';
  @ApiProperty({ type: 'integer', description: 'Replies marked undeliverable.' }) undeliverable!: number;
}

export const INBOUND_OUTCOMES = [InboundStoredResponse, InboundDuplicateResponse, InboundBounceResponse];
