import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseBoolPipe,
  ParseIntPipe,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ApiProduces,
  ApiProperty,
  DocumentBuilder,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { AgentSessionGuard, AllowQueryToken, ApiKeyGuard, Roles, RolesGuard } from '@switchboard/auth';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, IsUUID, IsUrl, Validate, ValidateNested } from 'class-validator';
import { PaginationQueryDto } from '../http/pagination.dto';
import { IsTimeZone } from '../workspaces/dto/is-time-zone.validator';
import { ERROR_BODY } from './error-body';
import { TIME_ZONE_FORMAT } from './dto-rules';
import { refineDocument } from './refine-document';

class NestedDto {
  @ApiProperty()
  @IsString()
  label!: string;
}

class UncheckedDto {
  @ApiProperty()
  @IsString()
  note!: string;
}

class ThingDto {
  @ApiProperty()
  @IsEmail()
  email!: string;

  @ApiProperty()
  @IsUrl()
  site!: string;

  @ApiProperty()
  @IsInt()
  count!: number;

  @ApiProperty({ type: [String] })
  @IsUUID('all', { each: true })
  ids!: string[];

  @ApiProperty()
  @Validate(IsTimeZone)
  timezone!: string;

  @ApiProperty({ type: NestedDto })
  @ValidateNested()
  @Type(() => NestedDto)
  nested!: NestedDto;

  // Documented, but never validated: the whitelist does not reach it.
  @ApiProperty({ type: UncheckedDto })
  unchecked!: UncheckedDto;
}

@UseGuards(ApiKeyGuard)
@Controller('v1/things')
class ThingsController {
  @Get()
  list(@Query() _page: PaginationQueryDto): void {}

  @Post()
  create(@Body() _dto: ThingDto): void {}

  @Post(':id/import')
  @HttpCode(202)
  importLines(@Param('id') _id: string, @Query('replace', new ParseBoolPipe({ optional: true })) _r?: boolean): void {}

  @Get(':id/parts/:index')
  part(@Param('id') _id: string, @Param('index', ParseIntPipe) _index: number): void {}

  @Post('stream')
  @ApiProduces('text/event-stream')
  stream(@Body() _dto: ThingDto, @Res() _response: unknown): void {}
}

@UseGuards(AgentSessionGuard, RolesGuard)
@Controller('v1/desk')
class DeskController {
  @Get('events')
  @AllowQueryToken()
  events(): void {}

  @Post('settings')
  @Roles('admin')
  settings(): void {}
}

@Controller('v1/open')
class OpenController {
  @Get()
  open(): void {}
}

const CONTROLLERS = [ThingsController, DeskController, OpenController];
const allow = { canActivate: () => true };

async function generatedDocument(): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ controllers: CONTROLLERS })
    .overrideGuard(ApiKeyGuard)
    .useValue(allow)
    .overrideGuard(AgentSessionGuard)
    .useValue(allow)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  await app.close();
  return document;
}

describe('refineDocument', () => {
  let document: OpenAPIObject;
  const operation = (path: string, method: 'get' | 'post'): OperationObject =>
    document.paths[path][method] as OperationObject;
  const statuses = (path: string, method: 'get' | 'post') => Object.keys(operation(path, method).responses).sort();
  const parameter = (path: string, method: 'get' | 'post', name: string) =>
    (operation(path, method).parameters as ParameterObject[]).find((p) => p.name === name) as ParameterObject;
  const schema = (name: string) => document.components?.schemas?.[name] as SchemaObject;
  const property = (dto: string, name: string) => schema(dto).properties?.[name] as SchemaObject;

  beforeAll(async () => {
    document = refineDocument(await generatedDocument(), CONTROLLERS);
  });

  it('documents what an API-key route can answer: malformed or oversized input, bad key, unknown id', () => {
    expect(statuses('/v1/things', 'get')).toEqual(['200', '400', '401', '413']);
    expect(statuses('/v1/things/{id}/parts/{index}', 'get')).toEqual(['200', '400', '401', '404', '413']);
  });

  it('documents 403 only where a role is required, and no 401 where no guard checks credentials', () => {
    expect(statuses('/v1/desk/settings', 'post')).toContain('403');
    expect(statuses('/v1/desk/events', 'get')).not.toContain('403');
    expect(statuses('/v1/open', 'get')).toEqual(['200', '400', '413']);
  });

  it('gives every error status the shared error body', () => {
    const response = operation('/v1/things', 'get').responses['401'] as { content: Record<string, unknown> };
    expect(response.content['application/json']).toEqual({ schema: { $ref: `#/components/schemas/${ERROR_BODY}` } });
    expect(schema(ERROR_BODY).required).toEqual(['statusCode', 'message']);
  });

  it('declares the scheme of each guard, and the query-token alternative where the route allows it', () => {
    expect(operation('/v1/things', 'get').security).toEqual([{ 'api-key': [] }]);
    expect(operation('/v1/desk/events', 'get').security).toEqual([
      { 'console-session': [] },
      { 'console-session-query': [] },
    ]);
    expect(operation('/v1/desk/settings', 'post').security).toEqual([{ 'console-session': [] }]);
    expect(operation('/v1/open', 'get').security).toBeUndefined();
    expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual(
      expect.arrayContaining(['api-key', 'admin-token', 'console-session', 'widget-visitor-token']),
    );
  });

  it('types IsInt query parameters and ParseIntPipe path parameters as integers', () => {
    expect(parameter('/v1/things', 'get', 'limit').schema).toMatchObject({ type: 'integer' });
    expect(parameter('/v1/things', 'get', 'offset').schema).toMatchObject({ type: 'integer' });
    expect(parameter('/v1/things/{id}/parts/{index}', 'get', 'index').schema).toMatchObject({ type: 'integer' });
  });

  it('marks a query parameter optional when its pipe is built with optional: true', () => {
    expect(parameter('/v1/things/{id}/import', 'post', 'replace').required).toBe(false);
  });

  it('declares the formats the body is checked for', () => {
    expect(property('ThingDto', 'email').format).toBe('email');
    expect(property('ThingDto', 'site').format).toBe('uri');
    expect(property('ThingDto', 'count').type).toBe('integer');
    expect(property('ThingDto', 'ids').items).toMatchObject({ type: 'string', format: 'uuid' });
    expect(property('ThingDto', 'timezone').format).toBe(TIME_ZONE_FORMAT);
  });

  it('closes the bodies the validation pipe whitelists, nested ones included, and no others', () => {
    expect(schema('ThingDto').additionalProperties).toBe(false);
    expect(schema('NestedDto').additionalProperties).toBe(false);
    expect(schema('UncheckedDto').additionalProperties).toBeUndefined();
  });

  it('documents an event stream as 200 text/event-stream, whatever the method', () => {
    const responses = operation('/v1/things/stream', 'post').responses;
    expect(responses['201']).toBeUndefined();
    expect(responses['200']).toMatchObject({ content: { 'text/event-stream': { schema: { type: 'string' } } } });
  });
});
