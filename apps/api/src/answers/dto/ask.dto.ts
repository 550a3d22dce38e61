import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class TurnDto {
  @ApiProperty({ enum: ['customer', 'bot', 'agent'] })
  @IsIn(['customer', 'bot', 'agent'])
  role!: 'customer' | 'bot' | 'agent';

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MaxLength(4000)
  text!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 10,
    description: "For a bot turn, the documents its answer cited: the conversation's subject at that point.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class AskDto {
  @ApiProperty({ maxLength: 2000, example: 'How do I reset my password?' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  question!: string;

  @ApiPropertyOptional({ type: [TurnDto], maxItems: 20, description: 'Recent turns, oldest first.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TurnDto)
  history?: TurnDto[];

  @ApiPropertyOptional({
    enum: ['public', 'all'],
    default: 'public',
    description: 'public: answer as to a customer; all: as to staff.',
  })
  @IsOptional()
  @IsIn(['public', 'all'])
  scope?: 'public' | 'all';

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: "Overrides the workspace's confidence threshold." })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold?: number;

  @ApiPropertyOptional({ description: 'Skip the answer cache.' })
  @IsOptional()
  @IsBoolean()
  noCache?: boolean;
}
