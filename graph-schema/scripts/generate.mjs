#!/usr/bin/env node
// Writes graph-schema/migrations/NNN_name.cypher from the model. Reads the
// compiled schema (dist) because plain Node cannot load the TypeScript source;
// `npm run schema:generate` builds it first. graph-schema/src/migrations.test.ts
// fails when the committed files and the derivation disagree.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const schema = createRequire(import.meta.url)(join(here, '..', 'dist', 'index.js'));
const outDir = join(here, '..', 'migrations');

mkdirSync(outDir, { recursive: true });
const wanted = new Map(schema.neo4jMigrations().map((m) => [`${m.name}.cypher`, schema.migrationFile(m)]));
// A migration dropped from the model must not linger on disk and be applied by hand later.
for (const file of readdirSync(outDir)) {
  if (file.endsWith('.cypher') && !wanted.has(file)) rmSync(join(outDir, file));
}
for (const [file, text] of wanted) writeFileSync(join(outDir, file), text);
console.log(`wrote ${wanted.size} migrations to ${outDir}`);
