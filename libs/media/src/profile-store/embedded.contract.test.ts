import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores } from '@homeward/graph-store';
import { EmbeddedChildRecordStore } from '../profile-store';
import { childRecordContract } from './contract';

childRecordContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-child-contract-'));
  const stores = openEmbeddedStores(dir);
  return {
    stores,
    records: new EmbeddedChildRecordStore(stores.db),
    async close() {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
