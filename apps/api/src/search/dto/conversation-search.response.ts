import { ApiProperty } from '@nestjs/swagger';
import {
  ConversationSearchHit,
  ConversationSearchResults,
  MESSAGE_AUTHORS,
  MessageAuthor,
  SearchMessageHit,
} from '@switchboard/contracts';
import { ConversationViewResponse } from '../../console/dto/console.response';

export class SearchMessageHitResponse implements SearchMessageHit {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS }) author!: MessageAuthor;
  @ApiProperty({ description: 'An internal note (never in the API-key search).' }) private!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    description:
      'An excerpt of the message; each match is between U+E000 and U+E001 (turn them into marks, escape the rest).',
  })
  highlight!: string;
}

export class ConversationSearchHitResponse implements ConversationSearchHit {
  @ApiProperty({ type: ConversationViewResponse }) conversation!: ConversationViewResponse;
  @ApiProperty({ description: "ts_rank_cd of the conversation's best matching message." }) rank!: number;
  @ApiProperty({ description: 'Messages of the conversation that match.' }) matchingMessages!: number;
  @ApiProperty({ type: [SearchMessageHitResponse], description: 'Its best matching messages (at most 3), best first.' })
  messages!: SearchMessageHitResponse[];
}

export class ConversationSearchResponse implements ConversationSearchResults {
  @ApiProperty({ description: 'Conversations that matched, over every page.' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [ConversationSearchHitResponse], description: 'Best match first.' })
  results!: ConversationSearchHitResponse[];
}
