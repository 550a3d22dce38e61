import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@switchboard/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig('api');
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  // Before the logger exists, so the message goes to stderr as is.
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exit(1);
});
