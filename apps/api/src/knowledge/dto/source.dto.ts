import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SOURCE_TYPES, SourceType, VISIBILITIES, Visibility } from '@switchboard/database';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CrawlSettingsDto {
  @ApiProperty({ example: 'https://help.example.com/' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ example: 'https://help.example.com/sitemap.xml' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  sitemapUrl?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000, default: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxPages?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxDepth?: number;

  @ApiPropertyOptional({ minimum: 15, maximum: 43200, description: 'Re-sync every N minutes.' })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(43_200)
  syncIntervalMinutes?: number;
}

export class CreateSourceDto {
  @ApiProperty({ maxLength: 200, example: 'Help centre' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    enum: SOURCE_TYPES,
    description: 'upload: files; text: text and JSONL through the API; url / sitemap: crawled.',
  })
  @IsIn(SOURCE_TYPES)
  type!: SourceType;

  @ApiProperty({ enum: VISIBILITIES, description: 'public: customers may see it; internal: staff only.' })
  @IsIn(VISIBILITIES)
  visibility!: Visibility;

  @ApiPropertyOptional({ type: CrawlSettingsDto, description: 'Required for url and sitemap sources.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CrawlSettingsDto)
  crawl?: CrawlSettingsDto;
}

export class TextDocumentDto {
  @ApiPropertyOptional({ maxLength: 500, description: "Caller's id; sending the same id again replaces the document." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  id?: string;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiProperty({ maxLength: 1_000_000, description: 'Markdown or plain text.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1_000_000)
  text!: string;

  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  url?: string;
}

export class SearchKnowledgeDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  query!: string;

  @ApiPropertyOptional({ enum: ['public', 'all'], default: 'all', description: 'public: what a customer may see.' })
  @IsOptional()
  @IsIn(['public', 'all'])
  scope?: 'public' | 'all';

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
