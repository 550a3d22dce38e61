import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DateTimeQuery } from '../../http/date-time-query';

export class SimulateThresholdQueryDto {
  @ApiProperty({ minimum: 0, maximum: 1 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold!: number;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @DateTimeQuery()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @DateTimeQuery()
  to?: Date;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Default: 30 days ago.' })
  @IsOptional()
  @DateTimeQuery()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Default: now.' })
  @IsOptional()
  @DateTimeQuery()
  to?: Date;
}

export class FeedbackDto {
  @ApiProperty({ description: 'Was the answer helpful?' })
  @IsBoolean()
  helpful!: boolean;
}
