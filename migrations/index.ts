// Every migration, in order. A migration is generated from the entities (npm run migration:generate),
// added here, and never edited once it has landed.
import { MigrationInterface } from 'typeorm';
import { InitialSchema1795751860546 } from './1795751860546-InitialSchema';

export const MIGRATIONS: Array<new () => MigrationInterface> = [InitialSchema1795751860546];
