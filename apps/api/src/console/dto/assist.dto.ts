import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConsoleRequest, REWRITE_STYLES, RewriteStyle } from '@switchboard/contracts';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const REWRITE_MAX_CHARS = 4000;

export class RewriteDto implements ConsoleRequest<'POST conversations/:id/assist/rewrite'> {
  @ApiProperty({ minLength: 1, maxLength: REWRITE_MAX_CHARS, description: "The agent's draft." })
  @IsString()
  @MinLength(1)
  @MaxLength(REWRITE_MAX_CHARS)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;

  @ApiProperty({ enum: REWRITE_STYLES })
  @IsIn(REWRITE_STYLES)
  style!: RewriteStyle;

  @ApiPropertyOptional({ example: 'es', description: "ISO 639-1 code for translate; default: the customer's." })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'language must be an ISO 639-1 code such as "es" or "pt-BR"' })
  language?: string;
}
