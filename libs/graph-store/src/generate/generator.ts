import { CASE_CATEGORIES, LINK_TYPES, RISK_LEVELS, SIGHTING_SOURCES, type EntityKind, type LinkType } from '@homeward/graph-schema';
import type { NewCase, NewEntity, NewLink } from '../port';

/**
 * Investigation-shaped synthetic graphs for benchmarks, tests and demos of
 * scale. Pure and deterministic: the same options give the same rows, byte for
 * byte, on any machine. Rows come out in batches so a million entities never
 * sit in memory at once; a batch only references entities of itself or of
 * earlier batches, so batches can be loaded in order as they come.
 */

export interface GenerateOptions {
  /** Entities to create, hubs included (attachments to further cases are not entities). */
  readonly entities: number;
  readonly cases: number;
  /** Links per entity on average. */
  readonly linksPerEntity?: number;
  readonly seed?: number;
  /** Rows (entities + attachments + links) per batch, roughly: a case is never split. */
  readonly batchSize?: number;
}

/** A case as generated: everything but who leads and created it, which the loader decides. */
export type GeneratedCase = Omit<NewCase, 'leadAgencyId' | 'createdBy'>;

export interface GeneratedEntity extends NewEntity {
  readonly caseReference: string;
}

/** An entity of an earlier case brought into another one (a cross-case overlap). */
export interface GeneratedAttach {
  readonly entityId: string;
  readonly caseReference: string;
  readonly role: string | null;
}

export interface GeneratedLink extends NewLink {
  readonly caseReference: string;
}

export interface GraphBatch {
  /** Every case, in the first batch only: they must exist before any row of them is loaded. */
  readonly cases: GeneratedCase[];
  readonly entities: GeneratedEntity[];
  readonly attach: GeneratedAttach[];
  readonly links: GeneratedLink[];
}

// ---- PRNG -------------------------------------------------------------------

/** sfc32 seeded through splitmix32: fast, good enough statistically, identical everywhere (32-bit integer maths only). */
export function createRng(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

// ---- vocabulary (invented names; any resemblance to a real person is chance) --

const FIRST_F = [
  'María',
  'Ana',
  'Lucía',
  'Sofía',
  'Valentina',
  'Camila',
  'Daniela',
  'Gabriela',
  'Fernanda',
  'Isabel',
  'Rosa',
  'Marta',
  'Carmen',
  'Elena',
  'Juana',
  'Guadalupe',
  'Ximena',
  'Abigail',
  'Yesenia',
  'Karla',
  'Andrea',
  'Paola',
  'Wendy',
  'Lesly',
  'Ixchel',
  'Nayeli',
  'Citlali',
  'Dulce',
  'Brenda',
  'Mireya',
];
const FIRST_M = [
  'José',
  'Juan',
  'Carlos',
  'Luis',
  'Diego',
  'Miguel',
  'Jorge',
  'Héctor',
  'Kevin',
  'Brayan',
  'Mario',
  'Óscar',
  'Ricardo',
  'Fernando',
  'Alejandro',
  'Javier',
  'Pedro',
  'Raúl',
  'Edwin',
  'Wilmer',
  'Byron',
  'Erick',
  'Josué',
  'Ángel',
  'Santiago',
  'Mateo',
  'Emilio',
  'Tomás',
  'Rigoberto',
  'Selvin',
];
const SURNAMES = [
  'Pérez',
  'García',
  'López',
  'Hernández',
  'Martínez',
  'González',
  'Rodríguez',
  'Ramírez',
  'Cruz',
  'Morales',
  'Ortiz',
  'Reyes',
  'Flores',
  'Gómez',
  'Díaz',
  'Castillo',
  'Juárez',
  'Méndez',
  'Ruiz',
  'Aguilar',
  'Mejía',
  'Chávez',
  'Vásquez',
  'Estrada',
  'Barrios',
  'Tzoc',
  'Cux',
  'Xajil',
  'Ajanel',
  'Quiñónez',
  'Sandoval',
  'Treviño',
  'Castañeda',
  'Lara',
  'Villeda',
  'Escobar',
  'Orellana',
  'Zelaya',
  'Funes',
  'Alvarado',
  'Pineda',
  'Solís',
  'Carrillo',
  'Domínguez',
  'Ixcoy',
  'Tum',
  'Cojtí',
  'Batz',
];
const NICKNAMES = [
  'El Flaco',
  'La Güera',
  'El Chino',
  'La Chata',
  'El Negro',
  'El Gordo',
  'La Flaca',
  'El Güero',
  'Chepe',
  'Memo',
  'Toño',
  'Lupe',
  'El Primo',
  'La Tía',
  'El Coyote',
  'Nena',
];

interface City {
  readonly name: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  /** Relative weight: border towns and capitals see most of the traffic. */
  readonly w: number;
}
const CITIES: readonly City[] = [
  { name: 'Ciudad de Guatemala', country: 'GT', lat: 14.6349, lon: -90.5069, w: 8 },
  { name: 'Quetzaltenango', country: 'GT', lat: 14.8347, lon: -91.5181, w: 3 },
  { name: 'Tecún Umán', country: 'GT', lat: 14.677, lon: -92.139, w: 5 },
  { name: 'Huehuetenango', country: 'GT', lat: 15.3197, lon: -91.4714, w: 2 },
  { name: 'Escuintla', country: 'GT', lat: 14.305, lon: -90.785, w: 2 },
  { name: 'Puerto Barrios', country: 'GT', lat: 15.7278, lon: -88.5944, w: 1 },
  { name: 'Cobán', country: 'GT', lat: 15.4708, lon: -90.3711, w: 1 },
  { name: 'Tegucigalpa', country: 'HN', lat: 14.0723, lon: -87.1921, w: 5 },
  { name: 'San Pedro Sula', country: 'HN', lat: 15.5042, lon: -88.025, w: 5 },
  { name: 'Choluteca', country: 'HN', lat: 13.3007, lon: -87.1908, w: 1 },
  { name: 'San Salvador', country: 'SV', lat: 13.6929, lon: -89.2182, w: 5 },
  { name: 'Santa Ana', country: 'SV', lat: 13.9942, lon: -89.5597, w: 2 },
  { name: 'San Miguel', country: 'SV', lat: 13.4833, lon: -88.1833, w: 1 },
  { name: 'Managua', country: 'NI', lat: 12.1364, lon: -86.2514, w: 3 },
  { name: 'León', country: 'NI', lat: 12.4379, lon: -86.878, w: 1 },
  { name: 'San José', country: 'CR', lat: 9.9281, lon: -84.0907, w: 2 },
  { name: 'Ciudad de Panamá', country: 'PA', lat: 8.9824, lon: -79.5199, w: 2 },
  { name: 'Belize City', country: 'BZ', lat: 17.5046, lon: -88.1962, w: 1 },
  { name: 'Tapachula', country: 'MX', lat: 14.9057, lon: -92.263, w: 6 },
  { name: 'Ciudad Hidalgo', country: 'MX', lat: 14.6792, lon: -92.1503, w: 3 },
  { name: 'Tuxtla Gutiérrez', country: 'MX', lat: 16.7516, lon: -93.1161, w: 2 },
  { name: 'San Cristóbal de las Casas', country: 'MX', lat: 16.737, lon: -92.6376, w: 1 },
  { name: 'Villahermosa', country: 'MX', lat: 17.9895, lon: -92.9475, w: 2 },
  { name: 'Veracruz', country: 'MX', lat: 19.1738, lon: -96.1342, w: 2 },
  { name: 'Oaxaca', country: 'MX', lat: 17.0732, lon: -96.7266, w: 1 },
  { name: 'Puebla', country: 'MX', lat: 19.0414, lon: -98.2063, w: 2 },
  { name: 'Ciudad de México', country: 'MX', lat: 19.4326, lon: -99.1332, w: 6 },
  { name: 'Guadalajara', country: 'MX', lat: 20.6597, lon: -103.3496, w: 2 },
  { name: 'Monterrey', country: 'MX', lat: 25.6866, lon: -100.3161, w: 3 },
  { name: 'Reynosa', country: 'MX', lat: 26.0508, lon: -98.2979, w: 3 },
  { name: 'Nuevo Laredo', country: 'MX', lat: 27.4763, lon: -99.5164, w: 2 },
  { name: 'Ciudad Juárez', country: 'MX', lat: 31.6904, lon: -106.4245, w: 3 },
  { name: 'Tijuana', country: 'MX', lat: 32.5149, lon: -117.0382, w: 3 },
  { name: 'Mexicali', country: 'MX', lat: 32.6245, lon: -115.4523, w: 1 },
];
const CITY_CUMULATIVE = (() => {
  let t = 0;
  return CITIES.map((c) => (t += c.w));
})();
function pickCity(rng: Rng): City {
  const x = rng() * CITY_CUMULATIVE[CITY_CUMULATIVE.length - 1];
  let i = 0;
  while (CITY_CUMULATIVE[i] <= x) i++;
  return CITIES[i];
}

const PLACES = [
  'Mercado',
  'Parque',
  'Terminal de buses',
  'Albergue',
  'Gasolinera',
  'Escuela',
  'Iglesia',
  'Hotel',
  'Parada',
  'Cruce',
  'Bodega',
  'Comedor',
  'Cibercafé',
  'Colonia',
  'Puente',
  'Farmacia',
];
const STREETS = [
  'San Juan',
  'La Esperanza',
  'El Carmen',
  'Las Flores',
  'Santa Cruz',
  'Los Pinos',
  'El Calvario',
  'La Reforma',
  'Morazán',
  'Hidalgo',
  'Juárez',
  'Independencia',
  'La Libertad',
  'El Progreso',
  'San Marcos',
  'La Paz',
];
const MAKES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Toyota', ['Hiace', 'Hilux', 'Corolla', 'Tacoma', 'Yaris']],
  ['Nissan', ['Urvan', 'Frontier', 'Sentra', 'Tsuru', 'NP300']],
  ['Chevrolet', ['Aveo', 'Silverado', 'Express', 'Spark']],
  ['Ford', ['F-150', 'Transit', 'Ranger', 'Explorer']],
  ['Mitsubishi', ['L200', 'Montero', 'Lancer']],
  ['Volkswagen', ['Jetta', 'Vento', 'Sedán']],
  ['Isuzu', ['NPR', 'D-Max']],
  ['Honda', ['Civic', 'CR-V', 'CG 150']],
];
const COLORS = ['white', 'black', 'grey', 'silver', 'red', 'blue', 'green', 'beige', 'brown', 'yellow'];
const PLATFORMS = ['Facebook', 'Instagram', 'TikTok', 'WhatsApp', 'Telegram', 'Snapchat', 'Free Fire', 'Discord'];
const DIAL: Readonly<Record<string, string>> = {
  GT: '+502',
  HN: '+504',
  SV: '+503',
  NI: '+505',
  CR: '+506',
  PA: '+507',
  BZ: '+501',
  MX: '+52',
};
const CASE_COUNTRIES = ['GT', 'GT', 'GT', 'MX', 'MX', 'MX', 'HN', 'HN', 'SV', 'NI', 'CR', 'PA', 'BZ'];
const ADULT_ROLES = [
  'GUARDIAN',
  'REPORTER',
  'WITNESS',
  'WITNESS',
  'WITNESS',
  'SUSPECT',
  'SUSPECT',
  'COMPANION',
  'ABDUCTOR',
  'OTHER',
  'OTHER',
];
const SIGHTING_NOTES = [
  'Seen boarding a bus heading north',
  'Walking with an adult near the market',
  'Camera shows the vehicle at the checkpoint',
  'Reported by shelter staff',
  'Seen at a gas station buying food',
  'Hotline caller recognised the photo',
  'Crossing the river on a raft',
  'Seen in the back of a pickup truck',
];

// ---- the model's link rules, looked up rather than restated ----------------

/** Link types drawn at random between entities of a case (sighting links are built on purpose), with their weights. */
const RANDOM_LINKS: ReadonlyArray<readonly [LinkType, number]> = [
  ['SEEN_WITH', 3],
  ['ASSOCIATE_OF', 3],
  ['RELATED_TO', 2],
  ['ACCOMPANIED_BY', 1],
  ['CONTACTED', 4],
  ['OWNS', 3],
  ['DRIVES', 1],
  ['PASSENGER_IN', 1],
  ['LIVES_AT', 2],
  ['FREQUENTS', 3],
  ['USES', 2],
];
const RANDOM_LINK_CUMULATIVE = (() => {
  let t = 0;
  return RANDOM_LINKS.map(([, w]) => (t += w));
})();

/** Share of a case's own entities by kind (after the missing child and their home). */
const KIND_MIX: ReadonlyArray<readonly [EntityKind, number]> = [
  ['PERSON', 0.34],
  ['SIGHTING', 0.25],
  ['LOCATION', 0.12],
  ['VEHICLE', 0.1],
  ['PHONE', 0.11],
  ['ONLINE_ACCOUNT', 0.08],
];

const HUB_KINDS: readonly EntityKind[] = ['LOCATION', 'PERSON', 'PHONE', 'VEHICLE', 'ONLINE_ACCOUNT'];
/** Kinds that travel between cases (the same van, the same smuggler, the same number). */
const SHAREABLE: readonly EntityKind[] = ['PERSON', 'VEHICLE', 'PHONE'];
const RESERVOIR_SIZE = 2000;
/** Chance that an endpoint is drawn among the case's prominent entities: what makes entities of 20–60 links. */
const PROMINENT_SHARE = 0.08;

// ---- generation ---------------------------------------------------------------

interface Member {
  readonly id: string;
  readonly kind: EntityKind;
}

interface CaseState {
  readonly ref: string;
  readonly pools: Map<EntityKind, Member[]>;
  readonly prominent: Map<EntityKind, Member[]>;
  readonly members: Set<string>;
}

function b36(n: number, width: number): string {
  return n.toString(36).padStart(width, '0');
}

class Builder {
  private readonly rng: Rng;
  private readonly tag: string;
  private entitySeq = 0;
  private linkSeq = 0;
  private readonly reservoir: Member[] = [];
  private reservoirSeen = 0;
  readonly hubs: Member[] = [];

  constructor(
    seed: number,
    private readonly linksPerEntity: number,
  ) {
    this.rng = createRng(seed);
    // The seed is part of every id so graphs of different seeds can share one store.
    this.tag = b36(seed >>> 0, 7);
  }

  get random(): Rng {
    return this.rng;
  }

  entityId(): string {
    return `ent_g${this.tag}${b36(this.entitySeq++, 8)}`;
  }

  linkId(): string {
    return `lnk_g${this.tag}${b36(this.linkSeq++, 8)}`;
  }

  caseId(i: number): string {
    return `case_g${this.tag}${b36(i, 8)}`;
  }

  caseReference(country: string, i: number): string {
    return `${country}-SIM${this.tag.toUpperCase()}-${String(i + 1).padStart(6, '0')}`;
  }

  // ---- properties ----

  personProps(country: string, child: boolean): { props: Record<string, unknown>; sex: string } {
    const rng = this.rng;
    const female = rng() < 0.5;
    const first = pick(rng, female ? FIRST_F : FIRST_M);
    const props: Record<string, unknown> = {
      fullName: `${first} ${pick(rng, SURNAMES)} ${pick(rng, SURNAMES)}`,
      sex: female ? 'FEMALE' : 'MALE',
      nationality: rng() < 0.8 ? country : pick(rng, CASE_COUNTRIES),
    };
    const year = child ? 2009 + int(rng, 12) : 1960 + int(rng, 42);
    props.dateOfBirth = `${year}-${String(1 + int(rng, 12)).padStart(2, '0')}-${String(1 + int(rng, 28)).padStart(2, '0')}`;
    if (rng() < 0.15) props.aliases = [pick(rng, NICKNAMES)];
    if (child)
      props.physicalDescription = `${(1.1 + rng() * 0.6).toFixed(2)} m, ${pick(rng, ['short', 'long', 'curly', 'braided'])} hair, ${pick(rng, COLORS)} clothes`;
    return { props, sex: props.sex as string };
  }

  locationProps(city: City, name?: string): Record<string, unknown> {
    const rng = this.rng;
    // ~5 km of jitter around the city centre, rounded as a GPS fix would be.
    const lat = Math.round((city.lat + (rng() - 0.5) * 0.09) * 1e5) / 1e5;
    const lon = Math.round((city.lon + (rng() - 0.5) * 0.09) * 1e5) / 1e5;
    return {
      name: name ?? `${pick(rng, PLACES)} ${pick(rng, STREETS)}, ${city.name}`,
      country: city.country,
      latitude: lat,
      longitude: lon,
      address: `${int(rng, 30) + 1}a calle ${pick(rng, STREETS)}, ${city.name}`,
    };
  }

  vehicleProps(country: string): Record<string, unknown> {
    const rng = this.rng;
    const [make, models] = pick(rng, MAKES);
    const letters = () => String.fromCharCode(65 + int(rng, 26), 65 + int(rng, 26), 65 + int(rng, 26));
    const digits = () => String(int(rng, 1000)).padStart(3, '0');
    const plate =
      country === 'MX'
        ? `${letters()}-${digits()}-${String.fromCharCode(65 + int(rng, 26))}`
        : `${pick(rng, ['P', 'C', 'M', 'A'])}-${digits()}${letters()}`;
    return { plate, plateCountry: country, make, model: pick(rng, models), color: pick(rng, COLORS) };
  }

  phoneProps(country: string): Record<string, unknown> {
    const rng = this.rng;
    const n = () => String(int(rng, 10000)).padStart(4, '0');
    return { number: `${DIAL[country] ?? '+502'} ${5 + int(rng, 5)}${n().slice(1)} ${n()}`, country };
  }

  accountProps(): Record<string, unknown> {
    const rng = this.rng;
    const handle = `${pick(rng, FIRST_F.concat(FIRST_M))}.${pick(rng, SURNAMES)}${int(rng, 10000)}`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    return { platform: pick(rng, PLATFORMS), handle };
  }

  sightingProps(base: number): Record<string, unknown> {
    const rng = this.rng;
    const props: Record<string, unknown> = {
      observedAt: new Date(base + int(rng, 60 * 24 * 3600) * 1000).toISOString(),
      sightingSource: pick(rng, SIGHTING_SOURCES),
      confidence: Math.round(rng() * 100) / 100,
    };
    if (rng() < 0.5) props.description = pick(rng, SIGHTING_NOTES);
    return props;
  }

  // ---- cases ----

  newCase(i: number): GeneratedCase {
    const rng = this.rng;
    const country = pick(rng, CASE_COUNTRIES);
    // Reported in 2024–2025 so that a sighting up to 60 days later is never in the future (the model refuses that).
    const reported = Date.UTC(2024, 0, 1) + int(rng, 700) * 86400_000 + int(rng, 86400) * 1000;
    return {
      id: this.caseId(i),
      reference: this.caseReference(country, i),
      title: `Simulated case ${i + 1}`,
      category: pick(rng, CASE_CATEGORIES),
      status: rng() < 0.85 ? 'OPEN' : 'CLOSED',
      riskLevel: pick(rng, RISK_LEVELS),
      country,
      reportedAt: new Date(reported).toISOString(),
      lastSeenAt: new Date(reported - int(rng, 72) * 3600_000).toISOString(),
    };
  }

  // ---- the rows of one case ----

  addMember(state: CaseState, m: Member, prominent: boolean): void {
    state.members.add(m.id);
    let pool = state.pools.get(m.kind);
    if (!pool) state.pools.set(m.kind, (pool = []));
    pool.push(m);
    if (prominent) {
      let p = state.prominent.get(m.kind);
      if (!p) state.prominent.set(m.kind, (p = []));
      p.push(m);
    }
  }

  /** An endpoint of `kind`: now and then one of the case's prominent entities (hubs, the main suspect), else any. */
  endpoint(state: CaseState, kind: EntityKind): Member | undefined {
    const prominent = state.prominent.get(kind);
    if (prominent && prominent.length && this.rng() < PROMINENT_SHARE) return pick(this.rng, prominent);
    const pool = state.pools.get(kind);
    return pool && pool.length ? pick(this.rng, pool) : undefined;
  }

  remember(m: Member): void {
    // Reservoir sampling keeps a fixed-size, uniform sample of earlier entities to share with later cases.
    this.reservoirSeen++;
    if (this.reservoir.length < RESERVOIR_SIZE) this.reservoir.push(m);
    else {
      const j = int(this.rng, this.reservoirSeen);
      if (j < RESERVOIR_SIZE) this.reservoir[j] = m;
    }
  }

  caseRows(c: GeneratedCase, ownCount: number, hubChance: number, out: GraphBatch, defineHubs: number): void {
    const rng = this.rng;
    const state: CaseState = { ref: c.reference, pools: new Map(), prominent: new Map(), members: new Set() };
    const link = (type: LinkType, from: Member, to: Member) => {
      out.links.push({ id: this.linkId(), type, fromId: from.id, toId: to.id, caseReference: c.reference });
    };
    const entity = (kind: EntityKind, props: Record<string, unknown>, role: string | null, prominent: boolean): Member => {
      const m: Member = { id: this.entityId(), kind };
      out.entities.push({ id: m.id, kind, props, role, caseReference: c.reference });
      this.addMember(state, m, prominent);
      return m;
    };
    const linksBefore = out.links.length;
    const city = CITIES.find((x) => x.country === c.country) ?? pickCity(rng);

    // Hubs are defined by the first case and attached to a few per cent of the others.
    for (let h = 0; h < defineHubs; h++) {
      const kind = HUB_KINDS[h % HUB_KINDS.length];
      const hubCity = pickCity(rng);
      let props: Record<string, unknown>;
      if (kind === 'LOCATION') props = this.locationProps(hubCity, `Terminal de autobuses ${h + 1}, ${hubCity.name}`);
      else if (kind === 'PERSON')
        props = { ...this.personProps(hubCity.country, false).props, description: 'Known smuggler (coyote) on the northbound route' };
      else if (kind === 'PHONE')
        props = { ...this.phoneProps(hubCity.country), description: 'Number passed around shelters to arrange crossings' };
      else if (kind === 'VEHICLE') props = { ...this.vehicleProps(hubCity.country), description: 'Long-distance bus on the Pacific route' };
      else props = { ...this.accountProps(), description: 'Recruiter account offering jobs up north' };
      const m = entity(kind, props, kind === 'PERSON' ? 'SUSPECT' : null, true);
      this.hubs.push(m);
    }
    if (defineHubs === 0) {
      for (const hub of this.hubs) {
        if (rng() >= hubChance) continue;
        out.attach.push({ entityId: hub.id, caseReference: c.reference, role: hub.kind === 'PERSON' ? 'SUSPECT' : null });
        this.addMember(state, hub, true);
      }
      // Cross-case overlaps: about 1 % of a case is an entity already known from earlier cases.
      const overlaps = Math.min(this.reservoir.length, Math.max(1, Math.round(ownCount * 0.01)));
      for (let k = 0; k < overlaps; k++) {
        const m = pick(rng, this.reservoir);
        if (state.members.has(m.id)) continue;
        out.attach.push({
          entityId: m.id,
          caseReference: c.reference,
          role: m.kind === 'PERSON' ? pick(rng, ['SUSPECT', 'COMPANION', 'OTHER']) : null,
        });
        this.addMember(state, m, rng() < 0.5);
      }
    }

    // The missing child, their home, then the people and things around them.
    const child = entity('PERSON', this.personProps(c.country, true).props, 'MISSING_CHILD', true);
    let remaining = ownCount - 1;
    if (remaining > 0) {
      const home = entity('LOCATION', this.locationProps(city), null, false);
      link('LIVES_AT', child, home);
      remaining--;
    }
    const counts = KIND_MIX.map(([, share]) => Math.floor(remaining * share));
    let spare = remaining - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; spare > 0; i = (i + 1) % counts.length, spare--) counts[i]++;
    const sightings: Member[] = [];
    KIND_MIX.forEach(([kind], k) => {
      for (let n = 0; n < counts[k]; n++) {
        // The first two of each kind are the case's own prominent ones (the main suspect, the usual place).
        const prominent = n < 2;
        let m: Member;
        if (kind === 'PERSON') {
          const role = pick(rng, ADULT_ROLES);
          m = entity('PERSON', this.personProps(c.country, false).props, role, prominent);
        } else if (kind === 'LOCATION') m = entity(kind, this.locationProps(rng() < 0.7 ? city : pickCity(rng)), null, prominent);
        else if (kind === 'VEHICLE') m = entity(kind, this.vehicleProps(c.country), null, prominent);
        else if (kind === 'PHONE') m = entity(kind, this.phoneProps(c.country), null, prominent);
        else if (kind === 'ONLINE_ACCOUNT') m = entity(kind, this.accountProps(), null, prominent);
        else {
          m = entity(kind, this.sightingProps(Date.parse(c.reportedAt)), null, false);
          sightings.push(m);
        }
        if ((SHAREABLE as readonly EntityKind[]).includes(kind) && rng() < 0.05) this.remember(m);
      }
    });

    // Each sighting happened somewhere and saw one to three people or vehicles, the child often among them.
    for (const s of sightings) {
      const where = this.endpoint(state, 'LOCATION');
      if (where) link('SIGHTED_AT', s, where);
      const seen = new Set<string>();
      const n = 1 + int(rng, 3);
      for (let k = 0; k < n; k++) {
        const who = k === 0 && rng() < 0.3 ? child : (this.endpoint(state, rng() < 0.75 ? 'PERSON' : 'VEHICLE') ?? child);
        if (seen.has(who.id)) continue;
        seen.add(who.id);
        link('SIGHTING_OF', s, who);
      }
    }

    // The rest of the link budget: random links of valid types between the case's entities.
    const target = Math.round(this.linksPerEntity * (ownCount + (defineHubs === 0 ? 0 : defineHubs)));
    let budget = target - (out.links.length - linksBefore);
    let misses = 0;
    while (budget > 0 && misses < 50) {
      const x = rng() * RANDOM_LINK_CUMULATIVE[RANDOM_LINK_CUMULATIVE.length - 1];
      let t = 0;
      while (RANDOM_LINK_CUMULATIVE[t] <= x) t++;
      const type = RANDOM_LINKS[t][0];
      const def = LINK_TYPES[type];
      const from = this.endpoint(state, pick(rng, def.from));
      const to = this.endpoint(state, pick(rng, def.to));
      if (!from || !to || from.id === to.id) {
        misses++;
        continue;
      }
      misses = 0;
      link(type, from, to);
      budget--;
    }
  }
}

/** Sizes of the cases: around the mean, from half to one and a half times it, summing exactly to `total`. */
function caseSizes(rng: Rng, total: number, cases: number): number[] {
  const weights = Array.from({ length: cases }, () => 0.5 + rng());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % cases) {
    if (diff > 0) {
      sizes[i]++;
      diff--;
    } else if (sizes[i] > 1) {
      sizes[i]--;
      diff++;
    }
  }
  return sizes;
}

/** How many hub entities a graph of this size gets: a few, never many (they are the exception). */
export function hubCount(entities: number): number {
  return Math.max(3, Math.min(40, Math.round(entities / 50_000)));
}

/**
 * Generates the graph in batches. Every link joins kinds its type allows
 * (LINK_TYPES), both its ends are in its case by the time it comes, and an
 * entity shared by several cases is defined once and attached to the others.
 */
export function* generateGraph(opts: GenerateOptions): Generator<GraphBatch, void, undefined> {
  const entities = Math.floor(opts.entities);
  const cases = Math.floor(opts.cases);
  if (!(cases >= 1)) throw new RangeError('cases: must be at least 1');
  const hubs = hubCount(entities);
  if (!(entities >= cases * 2 + hubs)) throw new RangeError(`entities: must be at least ${cases * 2 + hubs} for ${cases} cases`);
  const seed = (opts.seed ?? 1) >>> 0;
  const batchSize = Math.max(1, opts.batchSize ?? 10_000);
  const builder = new Builder(seed, opts.linksPerEntity ?? 3);
  const rng = builder.random;

  const own = caseSizes(rng, entities - hubs, cases);
  const hubChance = Math.min(0.5, Math.max(0.02, 40 / cases));
  const allCases: GeneratedCase[] = own.map((_, i) => builder.newCase(i));

  let batch: GraphBatch = { cases: allCases, entities: [], attach: [], links: [] };
  for (let i = 0; i < cases; i++) {
    builder.caseRows(allCases[i], own[i], hubChance, batch, i === 0 ? hubs : 0);
    if (batch.entities.length + batch.attach.length + batch.links.length >= batchSize) {
      yield batch;
      batch = { cases: [], entities: [], attach: [], links: [] };
    }
  }
  if (batch.entities.length || batch.attach.length || batch.links.length || batch.cases.length) yield batch;
}
