// The entry point. The configuration is checked before the server's modules
// load, so a bad setting is reported at once, in one line, with exit code 1.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './base/config.js';
import { log } from './base/log.js';

// dist/apps/api/src -> repository root
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../..');
const webDist = join(root, 'apps/web/dist');

async function main(): Promise<void> {
  const config: Config = loadConfig(process.env, existsSync(join(webDist, 'index.html')) ? webDist : null);
  const { bootstrap } = await import('./server.js');
  await bootstrap(config);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    log('error', 'failed to start', { message: err instanceof Error ? err.message : String(err) });
  }
  process.exit(1);
});
