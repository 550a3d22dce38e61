import { BadRequestException } from '@nestjs/common';
import { parseJsonlImport } from './jsonl-import';

function refusal(body: string): unknown {
  try {
    parseJsonlImport(Buffer.from(body));
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
  }
  throw new Error('the import was not refused');
}

describe('parseJsonlImport', () => {
  it('names each bad line as a field of the shared error body, and imports nothing', () => {
    const lines = ['{"id":"a","title":"A","text":"Fine."}', '{"id":', '[1]', '{"id":"a","title":"B","text":"Again."}'];
    expect(refusal(lines.join('\n'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid import: 3 bad line(s)',
      errors: [
        { field: 'line 2', messages: ['not valid JSON'] },
        { field: 'line 3', messages: ['must be a JSON object'] },
        { field: 'line 4', messages: ['duplicate id "a"'] },
      ],
    });
  });

  it('reads good lines, skipping blank ones', () => {
    const documents = parseJsonlImport(Buffer.from('\n{"id":"a","title":"A","text":"Fine."}\n\n'));
    expect(documents.map((document) => document.externalId)).toEqual(['a']);
  });
});
