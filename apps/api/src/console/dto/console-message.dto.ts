import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConsoleRequest } from '@switchboard/contracts';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const CONSOLE_MESSAGE_MAX_CHARS = 5000;

export class ConsoleMessageDto implements ConsoleRequest<'POST conversations/:id/messages'> {
  @ApiProperty({ minLength: 1, maxLength: CONSOLE_MESSAGE_MAX_CHARS })
  @IsString()
  @MinLength(1)
  @MaxLength(CONSOLE_MESSAGE_MAX_CHARS)
  @Matches(/\S/, { message: 'content must not be blank' })
  content!: string;

  @ApiPropertyOptional({ description: 'An internal note: shown to agents, never sent to the customer.' })
  @IsOptional()
  @IsBoolean()
  private?: boolean;
}
