// Types of tools/graphql-types.mjs for its test (apps/web/src/lib/graphql-types.test.mts).
export interface GeneratedFile {
  readonly file: string;
  readonly text: string;
}

export class Generator {
  constructor(schemaText: string, files: ReadonlyArray<{ readonly file: string; readonly source: string }>);
  /** Parses and validates; the problems, empty when the files can be generated. */
  load(): string[];
  outputs(): GeneratedFile[];
}

export function generate(): { problems: string[]; outputs?: GeneratedFile[]; orphans?: string[] };
