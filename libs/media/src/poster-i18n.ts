/**
 * The words of posters and alerts in each language a poster can be printed
 * in. Server-side on purpose: the PDF and the CAP message are made here, not
 * in the browser.
 */
export const POSTER_LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
export type PosterLanguage = (typeof POSTER_LANGUAGES)[number];

export interface PosterStrings {
  readonly heading: string;
  readonly age: string;
  readonly years: string;
  readonly description: string;
  readonly clothing: string;
  readonly languages: string;
  readonly lastSeen: string;
  /** After the last-seen line: which it is (the report's, or a later confirmed sighting). */
  readonly seenReported: string;
  readonly seenSighting: string;
  readonly callHotline: string;
  readonly callEmergency: string;
  readonly reference: string;
  readonly noPhoto: string;
  readonly aliases: string;
  /** CAP: the event, instruction and the headline pattern ({name}, {place}). */
  readonly capEvent: string;
  readonly capHeadline: string;
  readonly capInstruction: string;
  readonly capCancelled: string;
}

export const POSTER_STRINGS: Readonly<Record<PosterLanguage, PosterStrings>> = {
  en: {
    heading: 'MISSING CHILD',
    age: 'Age',
    years: 'years',
    description: 'Description',
    clothing: 'Clothing when last seen',
    languages: 'Speaks',
    lastSeen: 'Last seen',
    seenReported: 'as reported',
    seenSighting: 'confirmed sighting',
    callHotline: 'If you have any information, call',
    callEmergency: 'If you have any information, call the local emergency number or the police',
    reference: 'Case reference',
    noPhoto: 'No photo available',
    aliases: 'Also known as',
    capEvent: 'Missing child',
    capHeadline: 'Missing child: {name}, last seen {place}',
    capInstruction: 'Do not approach. If you see this child, call the number given immediately.',
    capCancelled: 'The alert for {name} is cancelled.',
  },
  es: {
    heading: 'MENOR DESAPARECIDO',
    age: 'Edad',
    years: 'años',
    description: 'Descripción',
    clothing: 'Ropa que llevaba',
    languages: 'Habla',
    lastSeen: 'Visto por última vez',
    seenReported: 'según la denuncia',
    seenSighting: 'avistamiento confirmado',
    callHotline: 'Si tiene información, llame al',
    callEmergency: 'Si tiene información, llame al número de emergencias local o a la policía',
    reference: 'Referencia del caso',
    noPhoto: 'Sin fotografía',
    aliases: 'También conocido como',
    capEvent: 'Menor desaparecido',
    capHeadline: 'Menor desaparecido: {name}, visto por última vez en {place}',
    capInstruction: 'No se acerque. Si ve a este menor, llame de inmediato al número indicado.',
    capCancelled: 'La alerta sobre {name} queda cancelada.',
  },
  fr: {
    heading: 'ENFANT DISPARU',
    age: 'Âge',
    years: 'ans',
    description: 'Signalement',
    clothing: 'Vêtements portés',
    languages: 'Parle',
    lastSeen: 'Vu pour la dernière fois',
    seenReported: 'selon le signalement',
    seenSighting: 'observation confirmée',
    callHotline: 'Si vous avez des informations, appelez le',
    callEmergency: 'Si vous avez des informations, appelez le numéro d’urgence local ou la police',
    reference: 'Référence du dossier',
    noPhoto: 'Pas de photo disponible',
    aliases: 'Aussi appelé',
    capEvent: 'Enfant disparu',
    capHeadline: 'Enfant disparu : {name}, vu pour la dernière fois à {place}',
    capInstruction: 'Ne vous approchez pas. Si vous voyez cet enfant, appelez immédiatement le numéro indiqué.',
    capCancelled: 'L’alerte concernant {name} est levée.',
  },
  pt: {
    heading: 'CRIANÇA DESAPARECIDA',
    age: 'Idade',
    years: 'anos',
    description: 'Descrição',
    clothing: 'Roupa que vestia',
    languages: 'Fala',
    lastSeen: 'Vista pela última vez',
    seenReported: 'segundo a denúncia',
    seenSighting: 'avistamento confirmado',
    callHotline: 'Se tiver alguma informação, ligue para o',
    callEmergency: 'Se tiver alguma informação, ligue para o número de emergência local ou para a polícia',
    reference: 'Referência do caso',
    noPhoto: 'Sem fotografia',
    aliases: 'Também conhecida como',
    capEvent: 'Criança desaparecida',
    capHeadline: 'Criança desaparecida: {name}, vista pela última vez em {place}',
    capInstruction: 'Não se aproxime. Se vir esta criança, ligue de imediato para o número indicado.',
    capCancelled: 'O alerta sobre {name} foi cancelado.',
  },
};

export const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** The 27 EU member states, where 116 000 is the hotline for missing children. */
export const EU_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
] as const;

/**
 * National numbers outside the EU that the project ships with; every one can
 * be replaced (and others added) with POSTER_HOTLINES. US: NCMEC's
 * 1-800-THE-LOST; MX and GT: the national emergency numbers.
 */
export const DEFAULT_HOTLINES: Readonly<Record<string, string>> = { US: '1-800-843-5678', MX: '911', GT: '110' };

/** The hotline of one country: the configured number, else the defaults; null when none is known. */
export function hotlineFor(country: string, configured: Readonly<Record<string, string>> = {}): string | null {
  const c = country.toUpperCase();
  if (configured[c]) return configured[c];
  if ((EU_COUNTRIES as readonly string[]).includes(c)) return '116 000';
  return DEFAULT_HOTLINES[c] ?? null;
}

/** Parses "GT=110;MX=800 008 5400" (POSTER_HOTLINES); throws naming the bad entry. */
export function parseHotlines(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || !value.trim()) return out;
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z]{2})\s*=\s*([0-9+][0-9 ()+-]{1,30})$/.exec(part);
    if (!m) throw new Error(`"${part}" is not COUNTRY=NUMBER (e.g. GT=110; digits, spaces, + - ( ) only)`);
    out[m[1].toUpperCase()] = m[2].trim();
  }
  return out;
}
