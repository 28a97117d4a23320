#!/usr/bin/env node
// `npm run admin -- <command>`: agencies and accounts without the web client.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '@homeward/domain';
import { openStores } from '../base/stores.js';
import { Accounts } from '../modules/admin/admin.service.js';

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  list                                         agencies and users
  create-agency --name N --country CC [--kind LAW_ENFORCEMENT|NGO]
  create-user --email E --name N --role ROLE --agency ID|CC [--password P]
                                               ROLE: INVESTIGATOR, ANALYST, SUPERVISOR, ADMIN;
                                               without --password one is generated and printed once
  disable-user --email E                       ends the user's sessions and live connections
  enable-user --email E

Works on DATA_DIR (default ./data), or on Neo4j when NEO4J_URI is set.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      country: { type: 'string' },
      kind: { type: 'string', default: 'LAW_ENFORCEMENT' },
      email: { type: 'string' },
      role: { type: 'string' },
      agency: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const env = process.env;
  const stores = await openStores({
    dataDir: resolve(env.DATA_DIR ?? './data'),
    neo4j: env.NEO4J_URI ? { uri: env.NEO4J_URI, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE } : null,
  });
  const accounts = new Accounts(stores);
  const need = (v: string | undefined, flag: string) => {
    if (!v) throw new DomainError('BAD_USER_INPUT', `--${flag} is required`, flag);
    return v;
  };
  try {
    switch (command) {
      case 'list': {
        for (const a of await stores.accounts.listAgencies()) console.log(`agency ${a.id}  ${a.country}  ${a.kind.padEnd(15)} ${a.name}`);
        for (const u of await stores.accounts.listUsers())
          console.log(`user   ${u.id}  ${u.role.padEnd(12)} ${u.email}${u.disabled ? '  (disabled)' : ''}`);
        return 0;
      }
      case 'create-agency': {
        const a = await accounts.createAgency({
          name: need(values.name, 'name'),
          country: need(values.country, 'country'),
          kind: values.kind!,
        });
        console.log(`created agency ${a.id} (${a.country}, ${a.name})`);
        return 0;
      }
      case 'create-user': {
        const agency = await accounts.findAgency(need(values.agency, 'agency'));
        const r = await accounts.createUser({
          email: need(values.email, 'email'),
          displayName: need(values.name, 'name'),
          role: need(values.role, 'role'),
          agencyId: agency.id,
          password: values.password ?? null,
        });
        console.log(`created user ${r.user.id} (${r.user.email}, ${r.user.role}, ${agency.name})`);
        if (r.generated) console.log(`one-time password: ${r.password}`);
        return 0;
      }
      case 'disable-user':
      case 'enable-user': {
        const u = await stores.accounts.findUserByEmail(need(values.email, 'email'));
        if (!u) throw new DomainError('NOT_FOUND', `no user ${values.email}`, 'email');
        await accounts.setDisabled(u.id, command === 'disable-user');
        console.log(`${command === 'disable-user' ? 'disabled' : 'enabled'} ${u.email}`);
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n\n${HELP}`);
        return 2;
    }
  } finally {
    await stores.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
