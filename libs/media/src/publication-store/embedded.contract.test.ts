import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores } from '@homeward/graph-store';
import { publicationContract } from './contract';
import { EmbeddedPublicationStore } from './embedded';

publicationContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-publication-contract-'));
  const stores = openEmbeddedStores(dir);
  return {
    stores,
    publications: new EmbeddedPublicationStore(stores.db),
    async close() {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
