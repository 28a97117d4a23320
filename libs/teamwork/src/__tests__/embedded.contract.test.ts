import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores } from '@homeward/graph-store';
import { openEmbeddedTeamwork } from '../embedded';
import { teamworkContract } from './contract';

teamworkContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-teamwork-contract-'));
  const stores = openEmbeddedStores(dir);
  return {
    stores,
    teamwork: openEmbeddedTeamwork(stores.db),
    async close() {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
