import { VARIABLES, VariableSpec } from '@switchboard/config';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderEnvExample, renderVariable } from '../../scripts/env-example';

const committed = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');

describe('.env.example', () => {
  it('is exactly what `npm run env:example` generates from the config schema', () => {
    // On failure: run `npm run env:example` and commit the result.
    expect(committed).toBe(renderEnvExample());
  });

  it('mentions every variable the config reads', () => {
    const missing = VARIABLES.map((spec) => spec.name).filter(
      (name) => !new RegExp(`^(# )?${name}=`, 'm').test(committed),
    );
    expect(missing).toEqual([]);
  });

  it('leaves required variables uncommented and empty, and shows the others commented out with their default', () => {
    for (const spec of VARIABLES) {
      const expected = spec.requiredFor?.length ? `${spec.name}=` : `# ${spec.name}=${spec.default ?? ''}`;
      expect(committed.split('\n')).toContain(expected);
    }
  });
});

describe('renderVariable', () => {
  const base: VariableSpec = { name: 'EXAMPLE', description: 'An example.', check: () => undefined };

  it('says which processes need a required variable and that it is secret', () => {
    expect(renderVariable({ ...base, requiredFor: ['api', 'worker'], secret: true })).toEqual([
      '# An example.',
      '# Required for api and worker. Secret.',
      'EXAMPLE=',
    ]);
  });

  it('ends the notes with the default, so a URL is not followed by a full stop', () => {
    expect(renderVariable({ ...base, default: 'redis://127.0.0.1:6379', deploymentMustSet: true })).toEqual([
      '# An example.',
      '# Deployments must set it. Default: redis://127.0.0.1:6379',
      '# EXAMPLE=redis://127.0.0.1:6379',
    ]);
  });

  it('marks a variable without a default as optional', () => {
    expect(renderVariable(base)).toEqual(['# An example.', '# Optional.', '# EXAMPLE=']);
  });
});
