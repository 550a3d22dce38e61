import type { ActionDefinitionView } from '../action-definitions.service';
import { buildCallRequest, headersWithSecrets, pathValueProblems } from './call-request';

const definition = (method: ActionDefinitionView['method']): ActionDefinitionView =>
  ({
    method,
    url: 'https://api.example.test/customers/{email}/orders?source=bot',
    headers: { Authorization: 'Bearer {{ secrets.API_TOKEN }}', 'X-Shop': 'northwind' },
  }) as unknown as ActionDefinitionView;

describe('buildCallRequest', () => {
  const args = { email: 'maya+1@example.com', status: 'open', limit: '5' };

  it('encodes path parameters and sends the others as query parameters on GET', () => {
    const request = buildCallRequest(definition('GET'), args, { API_TOKEN: 'tok' });
    expect(request.url.href).toBe(
      'https://api.example.test/customers/maya%2B1%40example.com/orders?source=bot&status=open&limit=5',
    );
    expect(request.body).toBeNull();
    expect(request.headers).toEqual({ Authorization: 'Bearer tok', 'X-Shop': 'northwind' });
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('sends the others as a JSON body on %s', (method) => {
    const request = buildCallRequest(definition(method), args, { API_TOKEN: 'tok' });
    expect(request.url.search).toBe('?source=bot');
    expect(JSON.parse(request.body!)).toEqual({ status: 'open', limit: '5' });
  });

  it('fills only secret fields in headers', () => {
    expect(headersWithSecrets({ A: '{{secrets.X}}-{{secrets.Y}}' }, { X: '1' })).toEqual({ A: '1-' });
  });

  it('refuses path values that would move up the path', () => {
    expect(pathValueProblems(definition('GET'), { email: '..' })).toEqual([
      { parameter: 'email', message: 'must not be "." or ".."' },
    ]);
    expect(pathValueProblems(definition('GET'), { email: '...' })).toEqual([]);
  });
});
