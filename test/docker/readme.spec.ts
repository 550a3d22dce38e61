import { VARIABLES } from '@switchboard/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every configuration variable in its table', () => {
    const missing = VARIABLES.filter((spec) => !new RegExp(`\\|\\s*\`${spec.name}\`\\s*\\|`).test(readme)).map(
      (spec) => spec.name,
    );
    expect(missing).toEqual([]);
  });

  it('keeps the two quick-start commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm install && npm test');
  });
});
