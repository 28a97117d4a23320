import { randomBytes } from 'node:crypto';
import { entityLabel, newId, type Agency, type Role } from '@homeward/domain';
import type { DocumentStore } from '@homeward/collab';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import type { NewEntity, NewLink, StateStores } from '@homeward/graph-store';
import { hashPassword } from '../auth/auth.service.js';
import { DEMO_DOCUMENTS, seedDemoDocuments } from './demo-documents.js';

/**
 * The demo workspace (README, "Quick start"): six accounts in GT, MX and ES, and five
 * fictional cases shaped like real ones. Every person, plate and number here
 * is invented.
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role; agency: 'gt' | 'mx' | 'es' }> = [
  { email: 'admin@demo.local', name: 'Admin (demo)', role: 'ADMIN', agency: 'gt' },
  { email: 'investigator.gt@demo.local', name: 'Lucía Morales (PNC, GT)', role: 'INVESTIGATOR', agency: 'gt' },
  { email: 'supervisor.gt@demo.local', name: 'Comisario Óscar Barrios (PNC, GT)', role: 'SUPERVISOR', agency: 'gt' },
  { email: 'investigator.mx@demo.local', name: 'Daniela Treviño (FGR, MX)', role: 'INVESTIGATOR', agency: 'mx' },
  { email: 'analyst.mx@demo.local', name: 'Iván Castañeda (FGR, MX)', role: 'ANALYST', agency: 'mx' },
  { email: 'ngo.es@demo.local', name: 'Marta Vidal (Fundación Camino, ES)', role: 'INVESTIGATOR', agency: 'es' },
];

type Who = 'igt' | 'sgt' | 'imx' | 'amx';
export interface CaseSpec {
  key: string;
  reference: string;
  title: string;
  category: string;
  status: string;
  riskLevel: string;
  country: string;
  reportedAt: string;
  lastSeenAt: string;
  /** A case seeded as already found: when (the statistics' recovery time; see DemoCoverage, which records it). */
  foundAt?: string;
  lead: 'gt' | 'mx';
  creator: Who;
  members: Who[];
  entities: Array<{ key: string; kind: EntityKind; props: Record<string, unknown>; role?: string; from?: string }>;
  links: Array<[string, LinkType, string]>;
}

export const DEMO_CASES: ReadonlyArray<CaseSpec> = [
  {
    key: 'ana',
    reference: 'GT-2026-0001',
    title: 'Ana Lucía Pérez Gómez',
    category: 'NON_FAMILY_ABDUCTION',
    status: 'OPEN',
    riskLevel: 'CRITICAL',
    country: 'GT',
    reportedAt: '2026-11-20T19:05:00Z',
    lastSeenAt: '2026-11-20T22:40:00Z',
    lead: 'gt',
    creator: 'igt',
    members: ['sgt', 'imx', 'amx'],
    entities: [
      {
        key: 'ana',
        kind: 'PERSON',
        role: 'MISSING_CHILD',
        props: {
          fullName: 'Ana Lucía Pérez Gómez',
          aliases: ['Anita'],
          dateOfBirth: '2014-05-12',
          sex: 'FEMALE',
          nationality: 'GT',
          physicalDescription: '1.42 m, slim, long black hair in a braid, school uniform (navy skirt, white blouse), pink backpack',
        },
      },
      {
        key: 'carlos',
        kind: 'PERSON',
        role: 'ABDUCTOR',
        props: {
          fullName: 'Carlos Méndez',
          aliases: ['El Flaco'],
          sex: 'MALE',
          nationality: 'GT',
          physicalDescription: 'About 35, 1.75 m, thin, scar on left eyebrow, grey cap',
        },
      },
      {
        key: 'hector',
        kind: 'PERSON',
        role: 'SUSPECT',
        props: {
          fullName: 'Héctor Ruiz Aguilar',
          sex: 'MALE',
          nationality: 'GT',
          description: 'Known to transport people across the Suchiate river',
        },
      },
      {
        key: 'rosa',
        kind: 'PERSON',
        role: 'COMPANION',
        props: {
          fullName: 'Rosa Juárez',
          aliases: ['La Güera'],
          sex: 'FEMALE',
          nationality: 'MX',
          description: 'Seen holding the child by the hand at the border crossing',
        },
      },
      {
        key: 'marta',
        kind: 'PERSON',
        role: 'REPORTER',
        props: {
          fullName: 'Marta Gómez de Pérez',
          sex: 'FEMALE',
          nationality: 'GT',
          description: 'Mother; reported the disappearance at 13:05 local time',
        },
      },
      {
        key: 'jose',
        kind: 'PERSON',
        role: 'WITNESS',
        props: { fullName: 'José Quiñónez', sex: 'MALE', nationality: 'GT', description: 'Fruit vendor at La Terminal market' },
      },
      {
        key: 'van',
        kind: 'VEHICLE',
        props: {
          plate: 'P-512DKL',
          plateCountry: 'GT',
          make: 'Toyota',
          model: 'Hiace',
          color: 'white',
          description: 'Tinted rear windows, dented right rear door',
        },
      },
      { key: 'phone', kind: 'PHONE', props: { number: '+502 5555 0147', country: 'GT' } },
      { key: 'anaAcct', kind: 'ONLINE_ACCOUNT', props: { platform: 'Instagram', handle: 'ana.lu.2014' } },
      {
        key: 'carlosAcct',
        kind: 'ONLINE_ACCOUNT',
        props: { platform: 'TikTok', handle: 'flaco_mdz', description: 'Messaged the child for three weeks before she went missing' },
      },
      {
        key: 'market',
        kind: 'LOCATION',
        props: {
          name: 'Mercado La Terminal',
          country: 'GT',
          latitude: 14.6229,
          longitude: -90.5152,
          address: 'Zona 4, Ciudad de Guatemala',
        },
      },
      {
        key: 'home',
        kind: 'LOCATION',
        props: { name: 'Casa Pérez Gómez', country: 'GT', latitude: 14.6308, longitude: -90.6067, address: 'Mixco, Guatemala' },
      },
      {
        key: 'border',
        kind: 'LOCATION',
        props: { name: 'Puente Rodolfo Robles, Tecún Umán', country: 'GT', latitude: 14.677, longitude: -92.139 },
      },
      {
        key: 's1',
        kind: 'SIGHTING',
        props: {
          observedAt: '2026-11-20T22:40:00Z',
          sightingSource: 'CCTV',
          confidence: 0.9,
          description: 'Market camera 3: the child walks out with a thin man in a grey cap',
        },
      },
      {
        key: 's2',
        kind: 'SIGHTING',
        props: {
          observedAt: '2026-11-21T13:15:00Z',
          sightingSource: 'ANPR',
          confidence: 0.8,
          description: 'The white Hiace crosses towards the bridge; a woman and a girl in the back',
        },
      },
      {
        key: 's3',
        kind: 'SIGHTING',
        props: {
          observedAt: '2026-11-21T13:30:00Z',
          sightingSource: 'WITNESS',
          confidence: 0.6,
          description: 'A woman with blonde-dyed hair leads a girl in a school uniform on foot',
        },
      },
    ],
    links: [
      ['ana', 'LIVES_AT', 'home'],
      ['marta', 'RELATED_TO', 'ana'],
      ['marta', 'LIVES_AT', 'home'],
      ['ana', 'OWNS', 'anaAcct'],
      ['carlos', 'USES', 'carlosAcct'],
      ['carlosAcct', 'CONTACTED', 'anaAcct'],
      ['carlos', 'OWNS', 'phone'],
      ['carlos', 'ASSOCIATE_OF', 'hector'],
      ['hector', 'DRIVES', 'van'],
      ['rosa', 'PASSENGER_IN', 'van'],
      ['jose', 'FREQUENTS', 'market'],
      ['s1', 'SIGHTED_AT', 'market'],
      ['s1', 'SIGHTING_OF', 'ana'],
      ['s1', 'SIGHTING_OF', 'carlos'],
      ['s2', 'SIGHTED_AT', 'border'],
      ['s2', 'SIGHTING_OF', 'van'],
      ['s3', 'SIGHTED_AT', 'border'],
      ['s3', 'SIGHTING_OF', 'rosa'],
      ['s3', 'SIGHTING_OF', 'ana'],
    ],
  },
  {
    key: 'diego',
    reference: 'MX-2026-0001',
    title: 'Diego Hernández Cruz',
    category: 'MISSING_MIGRANT',
    status: 'OPEN',
    riskLevel: 'HIGH',
    country: 'MX',
    reportedAt: '2026-11-18T16:00:00Z',
    lastSeenAt: '2026-11-17T23:30:00Z',
    lead: 'mx',
    creator: 'imx',
    members: ['amx', 'igt'],
    entities: [
      {
        key: 'diego',
        kind: 'PERSON',
        role: 'MISSING_CHILD',
        props: {
          fullName: 'Diego Hernández Cruz',
          dateOfBirth: '2011-02-03',
          sex: 'MALE',
          nationality: 'HN',
          physicalDescription: '1.60 m, short hair, red hoodie',
        },
      },
      {
        key: 'kevin',
        kind: 'PERSON',
        role: 'COMPANION',
        props: {
          fullName: 'Kevin Estrada',
          dateOfBirth: '2010-08-21',
          sex: 'MALE',
          nationality: 'HN',
          description: 'Travelled with Diego from San Pedro Sula',
        },
      },
      {
        key: 'luis',
        kind: 'PERSON',
        role: 'SUSPECT',
        props: {
          fullName: 'Luis Alberto Ramos',
          aliases: ['El Güero Ramos'],
          sex: 'MALE',
          nationality: 'MX',
          description: 'Offered the boys a ride north',
        },
      },
      { key: 'van', kind: 'VEHICLE', from: 'ana.van', props: {} },
      {
        key: 'station',
        kind: 'LOCATION',
        props: { name: 'Central de autobuses, Tapachula', country: 'MX', latitude: 14.9057, longitude: -92.263 },
      },
      { key: 'shelter', kind: 'LOCATION', props: { name: 'Albergue Belén', country: 'MX', latitude: 14.9125, longitude: -92.2711 } },
      {
        key: 's1',
        kind: 'SIGHTING',
        props: {
          observedAt: '2026-11-17T23:30:00Z',
          sightingSource: 'WITNESS',
          confidence: 0.7,
          description: 'Shelter staff saw the boys get into a white van',
        },
      },
    ],
    links: [
      ['diego', 'SEEN_WITH', 'kevin'],
      ['luis', 'DRIVES', 'van'],
      ['diego', 'FREQUENTS', 'shelter'],
      ['s1', 'SIGHTED_AT', 'station'],
      ['s1', 'SIGHTING_OF', 'diego'],
      ['s1', 'SIGHTING_OF', 'kevin'],
      ['s1', 'SIGHTING_OF', 'van'],
    ],
  },
  {
    key: 'sofia',
    reference: 'GT-2026-0002',
    title: 'Sofía Isabel Cux Tzoc',
    category: 'RUNAWAY',
    status: 'OPEN',
    riskLevel: 'MEDIUM',
    country: 'GT',
    reportedAt: '2026-11-22T14:00:00Z',
    lastSeenAt: '2026-11-22T02:00:00Z',
    lead: 'gt',
    creator: 'igt',
    members: ['sgt'],
    entities: [
      {
        key: 'sofia',
        kind: 'PERSON',
        role: 'MISSING_CHILD',
        props: { fullName: 'Sofía Isabel Cux Tzoc', dateOfBirth: '2010-11-30', sex: 'FEMALE', nationality: 'GT' },
      },
      {
        key: 'friend',
        kind: 'PERSON',
        role: 'WITNESS',
        props: { fullName: 'Gabriela Tuy', sex: 'FEMALE', description: 'Classmate; last chat with Sofía at 20:00' },
      },
      {
        key: 'park',
        kind: 'LOCATION',
        props: { name: 'Parque Central, Quetzaltenango', country: 'GT', latitude: 14.8347, longitude: -91.5181 },
      },
    ],
    links: [
      ['friend', 'SEEN_WITH', 'sofia'],
      ['sofia', 'FREQUENTS', 'park'],
    ],
  },
  {
    key: 'valentina',
    reference: 'MX-2026-0002',
    title: 'Valentina Ortiz Lara',
    category: 'FAMILY_ABDUCTION',
    status: 'OPEN',
    riskLevel: 'HIGH',
    country: 'MX',
    reportedAt: '2026-11-10T18:00:00Z',
    lastSeenAt: '2026-11-10T15:00:00Z',
    lead: 'mx',
    creator: 'imx',
    members: ['amx'],
    entities: [
      {
        key: 'val',
        kind: 'PERSON',
        role: 'MISSING_CHILD',
        props: { fullName: 'Valentina Ortiz Lara', dateOfBirth: '2019-06-14', sex: 'FEMALE', nationality: 'MX' },
      },
      {
        key: 'jorge',
        kind: 'PERSON',
        role: 'ABDUCTOR',
        props: { fullName: 'Jorge Ortiz Salas', sex: 'MALE', nationality: 'MX', description: 'Father, no custody since 2024' },
      },
      { key: 'car', kind: 'VEHICLE', props: { plate: 'JKL-452-A', plateCountry: 'MX', make: 'Nissan', model: 'Versa', color: 'grey' } },
      {
        key: 'mty',
        kind: 'LOCATION',
        props: { name: 'Colonia Mitras Centro, Monterrey', country: 'MX', latitude: 25.6866, longitude: -100.3161 },
      },
    ],
    links: [
      ['jorge', 'RELATED_TO', 'val'],
      ['jorge', 'OWNS', 'car'],
      ['jorge', 'LIVES_AT', 'mty'],
    ],
  },
  {
    key: 'mateo',
    reference: 'GT-2026-0003',
    title: 'Mateo Chávez Xol',
    category: 'LOST_OR_INJURED',
    status: 'FOUND_SAFE',
    riskLevel: 'LOW',
    country: 'GT',
    reportedAt: '2026-11-02T12:00:00Z',
    lastSeenAt: '2026-11-02T10:30:00Z',
    // Found by a fisherman at the lake shore the next morning.
    foundAt: '2026-11-03T07:45:00.000Z',
    lead: 'gt',
    creator: 'sgt',
    members: ['igt', 'imx'],
    entities: [
      {
        key: 'mateo',
        kind: 'PERSON',
        role: 'MISSING_CHILD',
        props: { fullName: 'Mateo Chávez Xol', dateOfBirth: '2020-01-09', sex: 'MALE', nationality: 'GT' },
      },
      {
        key: 'lake',
        kind: 'LOCATION',
        props: { name: 'Panajachel, Lago de Atitlán', country: 'GT', latitude: 14.7416, longitude: -91.1589 },
      },
    ],
    links: [['mateo', 'FREQUENTS', 'lake']],
  },
];

const DEMO_AGENCIES = {
  gt: { id: 'agy_demo00gt', name: 'Policía Nacional Civil — Unidad de Niñez', country: 'GT', kind: 'LAW_ENFORCEMENT' },
  mx: { id: 'agy_demo00mx', name: 'Fiscalía General — Alerta Amber', country: 'MX', kind: 'LAW_ENFORCEMENT' },
  es: { id: 'agy_demo00es', name: 'Fundación Camino de Vuelta', country: 'ES', kind: 'NGO' },
} as const satisfies Record<'gt' | 'mx' | 'es', Agency>;

/** Creates an agency unless it exists (a seed that died half-way, or another server seeding at the same moment). */
async function ensureAgency(stores: StateStores, a: Agency): Promise<void> {
  if (await stores.accounts.getAgency(a.id)) return;
  try {
    await stores.accounts.createAgency(a);
  } catch (err) {
    if (!(await stores.accounts.getAgency(a.id))) throw err;
  }
}

/**
 * Seeds the demo workspace into empty stores; returns the password of the demo
 * accounts, or null when another server is seeding it. Two servers may start
 * at once on one empty database (replicas on a shared Neo4j), and both find no
 * account. The agencies have fixed ids, so both write the same three; the first
 * demo account is the claim: its email is unique, so one server creates it and
 * seeds the rest, and the other one is refused and leaves the demo to it. A
 * seed that died before that account is taken over by the next start.
 */
export async function seedDemo(stores: StateStores, password: string | null, documents?: DocumentStore): Promise<string | null> {
  const pw = password ?? randomBytes(9).toString('base64url');
  for (const a of Object.values(DEMO_AGENCIES)) await ensureAgency(stores, a);
  const agencies = DEMO_AGENCIES;
  const passwordHash = await hashPassword(pw);
  const users: Record<string, string> = {};
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    let u;
    try {
      u = await stores.accounts.createUser({
        id: newId('usr'),
        email: a.email,
        displayName: a.name,
        role: a.role,
        agencyId: agencies[a.agency].id,
        passwordHash,
      });
    } catch (err) {
      // The claim (see above): another server created the first account first.
      if (i === 0 && (await stores.accounts.findUserByEmail(a.email))) return null;
      throw err;
    }
    users[a.email] = u.id;
  }
  const who: Record<Who, string> = {
    igt: users['investigator.gt@demo.local'],
    sgt: users['supervisor.gt@demo.local'],
    imx: users['investigator.mx@demo.local'],
    amx: users['analyst.mx@demo.local'],
  };
  const ids = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const spec of DEMO_CASES) {
    const c = await stores.cases.createCase({
      id: newId('case'),
      reference: spec.reference,
      title: spec.title,
      category: spec.category,
      status: spec.status,
      riskLevel: spec.riskLevel,
      country: spec.country,
      reportedAt: spec.reportedAt,
      lastSeenAt: spec.lastSeenAt,
      leadAgencyId: agencies[spec.lead].id,
      createdBy: who[spec.creator],
    });
    for (const m of spec.members) await stores.cases.addMember(c.id, who[m], who[spec.creator]);
    const entities: NewEntity[] = [];
    const attach: Array<{ entityId: string }> = [];
    for (const e of spec.entities) {
      if (e.from) {
        const id = ids.get(e.from)!;
        ids.set(`${spec.key}.${e.key}`, id);
        attach.push({ entityId: id });
        continue;
      }
      const id = newId('ent');
      ids.set(`${spec.key}.${e.key}`, id);
      labels.set(id, entityLabel(e.kind, e.props));
      entities.push({ id, kind: e.kind, props: e.props, role: e.role ?? null });
    }
    const links: NewLink[] = spec.links.map(([from, type, to]) => ({
      id: newId('lnk'),
      type,
      fromId: ids.get(`${spec.key}.${from}`)!,
      toId: ids.get(`${spec.key}.${to}`)!,
    }));
    await stores.graph.write(
      { caseId: c.id, entities, attach, links },
      { actorId: who[spec.creator], source: 'Demo workspace', reliability: 'B' },
    );
    // The case's notes and timeline, so that a first look shows what they are for (issue 18).
    const docs = DEMO_DOCUMENTS[spec.key];
    if (documents && docs) {
      const entity = (key: string) => {
        const id = ids.get(`${spec.key}.${key}`);
        return id ? { id, label: labels.get(id) ?? key } : null;
      };
      await seedDemoDocuments(documents, c.id, docs, entity, who[spec.creator], new Date(spec.reportedAt));
    }
  }
  return pw;
}

/**
 * Where the demo agencies work (issue 7: posters and alerts go to the
 * agencies whose coverage meets the target area). By agency name, so the
 * child module can apply it to a workspace seeded before coverage existed.
 * The circles are rough: Guatemala, and the Mexican states along its border.
 */
export const DEMO_AGENCY_COVERAGE: Readonly<
  Record<string, { countries: string[]; circles: Array<{ lat: number; lon: number; radiusKm: number }> }>
> = {
  'Policía Nacional Civil — Unidad de Niñez': { countries: ['GT'], circles: [{ lat: 15.6, lon: -90.3, radiusKm: 260 }] },
  'Fiscalía General — Alerta Amber': {
    countries: ['MX'],
    circles: [
      { lat: 16.6, lon: -92.6, radiusKm: 250 },
      { lat: 18.5, lon: -89.5, radiusKm: 200 },
    ],
  },
  'Fundación Camino de Vuelta': { countries: ['ES'], circles: [] },
};
