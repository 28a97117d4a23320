#!/usr/bin/env node
// `npm run admin -- <command>`: agencies, accounts and the public sites without the web client.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '@homeward/domain';
import { PUBLIC_LANGUAGES, PhotoFiles, type PublicSiteRecord } from '@homeward/media';
import { openStores } from '../base/stores.js';
import { Accounts } from '../modules/admin/admin.service.js';
import { PublicSites, logoPath } from '../modules/public/public-sites.js';
import { runCli } from './run.js';

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  list                                         agencies and users
  create-agency --name N --country CC [--kind LAW_ENFORCEMENT|NGO]
  create-user --email E --name N --role ROLE --agency ID|CC [--password P]
                                               ROLE: INVESTIGATOR, ANALYST, SUPERVISOR, ADMIN;
                                               without --password one is generated and printed once
  disable-user --email E                       ends the user's sessions and live connections
  enable-user --email E
  public-site list                             the configured public sites (name, colour, logo)
  public-site set --country CC [--name N] [--name-en N] [--name-es N] [--name-fr N] [--name-pt N] [--colour #rrggbb]
                                               changes only the options given; an empty value ("") restores the default
  public-site logo --country CC --file PATH    JPEG, PNG or WebP; stored re-encoded as WebP without metadata
  public-site clear-logo --country CC
                                               each change is audited (public.site.*); pages show it within a minute

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
      colour: { type: 'string' },
      file: { type: 'string' },
      ...Object.fromEntries(PUBLIC_LANGUAGES.map((l) => [`name-${l}`, { type: 'string' as const }])),
    },
    allowPositionals: true,
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
      case 'public-site':
        return await publicSite(stores, values as Record<string, string | undefined>, rest[0], resolve(env.DATA_DIR ?? './data'));
      default:
        console.error(`unknown command ${command}\n\n${HELP}`);
        return 2;
    }
  } finally {
    await stores.close();
  }
}

function describeSite(s: PublicSiteRecord): string {
  const names = Object.entries(s.siteNames)
    .map(([l, n]) => `${l}: ${n}`)
    .join('; ');
  return (
    `${s.country}  name ${s.siteName ?? '(default)'}${names ? ` [${names}]` : ''}  colour ${s.brandColour ?? '(default)'}  ` +
    `logo ${s.logo ? `${logoPath(s.country, s.logo.sha256)} (${s.logo.width}×${s.logo.height})` : '(none)'}  ` +
    `updated ${s.updatedAt} by ${s.updatedBy}`
  );
}

/** `public-site list|set|logo|clear-logo`: the same checks as the web API, and an audit record of each change. */
async function publicSite(
  stores: Awaited<ReturnType<typeof openStores>>,
  values: Record<string, string | undefined>,
  sub: string | undefined,
  dataDir: string,
): Promise<number> {
  const sites = new PublicSites(stores.publications, new PhotoFiles(join(dataDir, 'photos')));
  if (sub === 'list') {
    const all = await sites.list();
    if (!all.length) console.log('no public site is configured: every country shows the defaults');
    for (const s of all) console.log(describeSite(s));
    return 0;
  }
  const country = values.country;
  if (!country) throw new DomainError('BAD_USER_INPUT', '--country is required', 'country');
  const actor = `cli:${userInfo().username}`.slice(0, 80);
  let site: PublicSiteRecord;
  let details: Record<string, string | number>;
  if (sub === 'set') {
    const now = await sites.get(country);
    const siteNames = PUBLIC_LANGUAGES.map((l) => ({ language: l, name: values[`name-${l}`] ?? now?.siteNames[l] ?? '' })).filter(
      (n) => n.name,
    );
    site = await sites.set(actor, country, {
      siteName: values.name ?? now?.siteName ?? null,
      siteNames,
      brandColour: values.colour ?? now?.brandColour ?? null,
    });
    details = { siteName: site.siteName ?? '', brandColour: site.brandColour ?? '' };
  } else if (sub === 'logo') {
    if (!values.file) throw new DomainError('BAD_USER_INPUT', '--file is required', 'file');
    const size = (await stat(values.file)).size;
    site = await sites.setLogo(actor, country, createReadStream(values.file), size);
    details = { sha256: site.logo!.sha256, width: site.logo!.width, height: site.logo!.height };
  } else if (sub === 'clear-logo') {
    site = await sites.clearLogo(actor, country);
    details = {};
  } else {
    console.error(`public-site: say list, set, logo or clear-logo\n\n${HELP}`);
    return 2;
  }
  await stores.audit.append({
    action: `public.site.${sub}`,
    outcome: 'success',
    actorId: null,
    actorEmail: actor,
    agencyId: null,
    targetType: 'PublicSite',
    targetId: site.country,
    details: { via: 'cli', country: site.country, ...details },
  });
  console.log(describeSite(site));
  return 0;
}

runCli(() => main(process.argv.slice(2)), 1);
