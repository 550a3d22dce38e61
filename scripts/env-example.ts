import { ProcessKind, VARIABLES, VariableSpec } from '@switchboard/config';

const HEADER = [
  '# Switchboard configuration. Generated from libs/config/src/config.schema.ts by `npm run env:example`:',
  '# change the schema and regenerate, never edit this file by hand.',
  '#',
  '# Copy it to .env and fill in what you need. An empty value counts as unset. A commented-out line shows',
  '# the default used when the variable is unset. "Deployments must set it": the default only suits one',
  '# machine (127.0.0.1, a relative path), so a container or server deployment sets its own value.',
];

function listProcesses(kinds: readonly ProcessKind[]): string {
  return kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
}

/** The comment block and assignment line for one variable. */
export function renderVariable(spec: VariableSpec): string[] {
  const required = spec.requiredFor !== undefined && spec.requiredFor.length > 0;
  const notes: string[] = [];
  if (required) notes.push(`Required for ${listProcesses(spec.requiredFor ?? [])}.`);
  else if (spec.default === undefined) notes.push('Optional.');
  if (spec.secret) notes.push('Secret.');
  if (spec.deploymentMustSet) notes.push('Deployments must set it.');
  // The default goes last so that a URL or path is not followed by a full stop.
  if (!required && spec.default !== undefined) notes.push(`Default: ${spec.default}`);

  // A required variable stays uncommented and empty, so a copied .env fails at boot naming it until it is filled.
  const assignment = required ? `${spec.name}=` : `# ${spec.name}=${spec.default ?? ''}`;
  return [`# ${spec.description}`, `# ${notes.join(' ')}`, assignment];
}

/** The whole .env.example: one block per variable, in the schema's order. */
export function renderEnvExample(variables: readonly VariableSpec[] = VARIABLES): string {
  return [...HEADER, ...variables.flatMap((spec) => ['', ...renderVariable(spec)])].join('\n') + '\n';
}

if (require.main === module) process.stdout.write(renderEnvExample());
