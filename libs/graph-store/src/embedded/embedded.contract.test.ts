import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { graphStoreContract } from '../contract/contract';
import { openEmbeddedStores } from './index';

const dir = mkdtempSync(join(tmpdir(), 'homeward-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

graphStoreContract('embedded', async () => openEmbeddedStores(dir));
