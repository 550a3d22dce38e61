import { ApiProperty } from '@nestjs/swagger';
import { ConsoleRequest } from '@switchboard/contracts';
import { CANNED_REPLY_MAX_CHARS, CANNED_REPLY_SHORT_CODE } from '@switchboard/handoff';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CannedReplyDto implements ConsoleRequest<'POST canned-replies'> {
  @ApiProperty({ example: 'refund', pattern: CANNED_REPLY_SHORT_CODE.source })
  @IsString()
  @Matches(CANNED_REPLY_SHORT_CODE, {
    message: 'shortCode is 1 to 40 of a-z, 0-9, "_" and "-", starting with a letter or digit',
  })
  shortCode!: string;

  @ApiProperty({ minLength: 1, maxLength: CANNED_REPLY_MAX_CHARS })
  @IsString()
  @MinLength(1)
  @MaxLength(CANNED_REPLY_MAX_CHARS)
  @Matches(/\S/, { message: 'content must not be blank' })
  content!: string;
}
