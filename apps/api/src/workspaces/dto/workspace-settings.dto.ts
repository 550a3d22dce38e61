import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
} from 'class-validator';
import { IsTimeZone } from './is-time-zone.validator';

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
}
