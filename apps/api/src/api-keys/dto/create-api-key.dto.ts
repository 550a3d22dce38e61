import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 200, example: 'CI import script' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}
