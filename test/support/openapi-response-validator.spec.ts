import { OpenApiDocument, OpenApiResponseValidator } from './openapi-response-validator';

const errorBody = { $ref: '#/components/schemas/ErrorBody' };

const document: OpenApiDocument = {
  openapi: '3.0.0',
  paths: {
    '/v1/things/{id}': {
      get: {
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          404: { content: { 'application/json': { schema: errorBody } } },
        },
      },
    },
    '/v1/things/search': { get: { responses: { 200: {} } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', format: 'uuid' }, note: { type: 'string', nullable: true } },
      },
      ErrorBody: {
        type: 'object',
        required: ['statusCode', 'message'],
        additionalProperties: false,
        properties: { statusCode: { type: 'integer' }, message: { type: 'string' } },
      },
    },
  },
};

const json = 'application/json; charset=utf-8';
const id = '5b0f3a52-8f0e-4a4b-9a57-6f1a0c2b7d11';

describe('OpenApiResponseValidator', () => {
  const validator = new OpenApiResponseValidator(document);
  const check = (status: number, body: unknown, path = `/v1/things/${id}`) =>
    validator.problem({ method: 'GET', path, status, contentType: json, body });

  it('passes a documented status whose body matches its schema, nullable fields included', () => {
    expect(check(200, { id, note: null })).toBeNull();
    expect(check(404, { statusCode: 404, message: 'Thing not found' })).toBeNull();
  });

  it('names an undocumented status with the operation and what it documents', () => {
    expect(check(409, { statusCode: 409, message: 'x' })).toMatch(
      /GET \/v1\/things\/\{id\} answered 409, which its OpenAPI operation does not document \(documented: 200, 404\)/,
    );
  });

  it('names a body that does not match the schema of its status', () => {
    expect(check(404, { statusCode: 404, message: 'x', extra: true })).toMatch(/does not match .*additional/);
    expect(check(200, { id: 'not-a-uuid' })).toMatch(/\/id must match format "uuid"/);
  });

  it('prefers the literal path over a template, and leaves undescribed paths alone', () => {
    expect(check(200, 'anything', '/v1/things/search?q=x')).toBeNull();
    expect(check(500, 'anything', '/metrics')).toBeNull();
  });
});
