/**
 * The words of the public site (pages, feeds, the widget, the tip form) in
 * each language it is served in. Server-side on purpose: the pages are made
 * on the server and need no script to read. Every language has every key
 * (the type says so), so a missing translation fails to compile.
 */
import type { PublicLanguage } from './publication';

export interface PublicStrings {
  readonly site: string;
  readonly countryHeading: string;
  readonly countries: string;
  readonly noneListed: string;
  readonly missing: string;
  readonly unnamed: string;
  readonly age: string;
  readonly lastSeen: string;
  readonly lastSeenAt: string;
  readonly lastSeenIn: string;
  readonly description: string;
  readonly clothing: string;
  readonly callHotline: string;
  readonly callEmergency: string;
  readonly poster: string;
  readonly language: string;
  readonly agencies: string;
  readonly agencyHotline: string;
  readonly gone: string;
  readonly goneDetail: string;
  readonly notFound: string;
  readonly notFoundDetail: string;
  readonly photoAlt: string;
  readonly seePage: string;
  readonly areaTitle: string;
  readonly widgetMore: string;
  readonly tipHeading: string;
  readonly tipIntro: string;
  readonly tipWhat: string;
  readonly tipWhen: string;
  readonly tipWhere: string;
  readonly tipLatitude: string;
  readonly tipLongitude: string;
  readonly tipContact: string;
  readonly tipPhoto: string;
  readonly tipPhotoHelp: string;
  readonly tipSend: string;
  readonly tipWorking: string;
  readonly tipNoScript: string;
  readonly tipThanks: string;
  readonly tipThanksDetail: string;
  readonly tipRejected: string;
  readonly tipTooMany: string;
  readonly back: string;
  readonly optional: string;
}

export const PUBLIC_STRINGS: Readonly<Record<PublicLanguage, PublicStrings>> = {
  en: {
    site: 'Missing children',
    countryHeading: 'Missing children: {country}',
    countries: 'Countries',
    noneListed: 'No child is published for this country right now.',
    missing: 'MISSING',
    unnamed: 'Missing child',
    age: '{age} years old',
    lastSeen: 'Last seen {when} in {place}',
    lastSeenAt: 'Last seen {when}',
    lastSeenIn: 'Last seen in {place}',
    description: 'Description',
    clothing: 'Clothing when last seen',
    callHotline: 'If you have seen this child, call {number} ({country}).',
    callEmergency: 'If you have seen this child, call the emergency services ({country}).',
    poster: 'Printable poster (PDF)',
    language: 'Language',
    agencies: 'Agencies and hotlines',
    agencyHotline: 'Hotline: {number}',
    gone: 'This page has been taken down',
    goneDetail: 'This child is no longer listed here. Thank you for your help.',
    notFound: 'Page not found',
    notFoundDetail: 'There is no such page on this site.',
    photoAlt: 'Photo of {name}',
    seePage: 'See the page',
    areaTitle: 'Missing children near {place}',
    widgetMore: 'All missing children',
    tipHeading: 'I have information',
    tipIntro: 'Tell the investigators what you saw. You do not need an account; your contact details are optional.',
    tipWhat: 'What did you see?',
    tipWhen: 'When?',
    tipWhere: 'Where? (a place, an address)',
    tipLatitude: 'Latitude (optional)',
    tipLongitude: 'Longitude (optional)',
    tipContact: 'How can we reach you? (optional)',
    tipPhoto: 'Photo (optional)',
    tipPhotoHelp: 'JPEG, PNG or WebP, up to 10 MB. Where the photo was taken is read, then removed from the file.',
    tipSend: 'Send',
    tipWorking: 'Checking that you are not a robot: this takes a few seconds…',
    tipNoScript: 'This form needs JavaScript for its anti-abuse check. Without it, please call the hotline above.',
    tipThanks: 'Thank you',
    tipThanksDetail: 'Your information has reached the investigators.',
    tipRejected: 'Your information could not be sent: {reason}',
    tipTooMany: 'Too many messages were sent from here or for this page. Please try again later, or call the hotline.',
    back: 'Back to the page',
    optional: 'optional',
  },
  es: {
    site: 'Niños desaparecidos',
    countryHeading: 'Niños desaparecidos: {country}',
    countries: 'Países',
    noneListed: 'No hay ningún niño publicado para este país en este momento.',
    missing: 'DESAPARECIDO',
    unnamed: 'Niño desaparecido',
    age: '{age} años',
    lastSeen: 'Visto por última vez el {when} en {place}',
    lastSeenAt: 'Visto por última vez el {when}',
    lastSeenIn: 'Visto por última vez en {place}',
    description: 'Descripción',
    clothing: 'Ropa que llevaba',
    callHotline: 'Si ha visto a este niño, llame al {number} ({country}).',
    callEmergency: 'Si ha visto a este niño, llame a los servicios de emergencia ({country}).',
    poster: 'Cartel para imprimir (PDF)',
    language: 'Idioma',
    agencies: 'Organismos y líneas de ayuda',
    agencyHotline: 'Línea de ayuda: {number}',
    gone: 'Esta página ha sido retirada',
    goneDetail: 'Este niño ya no figura aquí. Gracias por su ayuda.',
    notFound: 'Página no encontrada',
    notFoundDetail: 'No existe esa página en este sitio.',
    photoAlt: 'Foto de {name}',
    seePage: 'Ver la página',
    areaTitle: 'Niños desaparecidos cerca de {place}',
    widgetMore: 'Todos los niños desaparecidos',
    tipHeading: 'Tengo información',
    tipIntro: 'Cuente a los investigadores lo que vio. No necesita una cuenta; sus datos de contacto son opcionales.',
    tipWhat: '¿Qué vio?',
    tipWhen: '¿Cuándo?',
    tipWhere: '¿Dónde? (un lugar, una dirección)',
    tipLatitude: 'Latitud (opcional)',
    tipLongitude: 'Longitud (opcional)',
    tipContact: '¿Cómo podemos contactarle? (opcional)',
    tipPhoto: 'Foto (opcional)',
    tipPhotoHelp: 'JPEG, PNG o WebP, hasta 10 MB. Se lee dónde se tomó la foto y luego se borra del archivo.',
    tipSend: 'Enviar',
    tipWorking: 'Comprobando que no es un robot: tarda unos segundos…',
    tipNoScript: 'Este formulario necesita JavaScript para su control contra abusos. Sin él, llame a la línea de ayuda indicada arriba.',
    tipThanks: 'Gracias',
    tipThanksDetail: 'Su información ha llegado a los investigadores.',
    tipRejected: 'No se pudo enviar su información: {reason}',
    tipTooMany: 'Se enviaron demasiados mensajes desde aquí o para esta página. Inténtelo más tarde o llame a la línea de ayuda.',
    back: 'Volver a la página',
    optional: 'opcional',
  },
  fr: {
    site: 'Enfants disparus',
    countryHeading: 'Enfants disparus : {country}',
    countries: 'Pays',
    noneListed: 'Aucun enfant n’est publié pour ce pays en ce moment.',
    missing: 'DISPARU',
    unnamed: 'Enfant disparu',
    age: '{age} ans',
    lastSeen: 'Vu pour la dernière fois le {when} à {place}',
    lastSeenAt: 'Vu pour la dernière fois le {when}',
    lastSeenIn: 'Vu pour la dernière fois à {place}',
    description: 'Description',
    clothing: 'Vêtements portés',
    callHotline: 'Si vous avez vu cet enfant, appelez le {number} ({country}).',
    callEmergency: 'Si vous avez vu cet enfant, appelez les services d’urgence ({country}).',
    poster: 'Affiche à imprimer (PDF)',
    language: 'Langue',
    agencies: 'Services et numéros d’appel',
    agencyHotline: 'Numéro d’appel : {number}',
    gone: 'Cette page a été retirée',
    goneDetail: 'Cet enfant n’apparaît plus ici. Merci de votre aide.',
    notFound: 'Page introuvable',
    notFoundDetail: 'Cette page n’existe pas sur ce site.',
    photoAlt: 'Photo de {name}',
    seePage: 'Voir la page',
    areaTitle: 'Enfants disparus près de {place}',
    widgetMore: 'Tous les enfants disparus',
    tipHeading: 'J’ai des informations',
    tipIntro: 'Dites aux enquêteurs ce que vous avez vu. Aucun compte n’est nécessaire ; vos coordonnées sont facultatives.',
    tipWhat: 'Qu’avez-vous vu ?',
    tipWhen: 'Quand ?',
    tipWhere: 'Où ? (un lieu, une adresse)',
    tipLatitude: 'Latitude (facultatif)',
    tipLongitude: 'Longitude (facultatif)',
    tipContact: 'Comment vous joindre ? (facultatif)',
    tipPhoto: 'Photo (facultatif)',
    tipPhotoHelp: 'JPEG, PNG ou WebP, 10 Mo au plus. Le lieu de la prise de vue est lu, puis retiré du fichier.',
    tipSend: 'Envoyer',
    tipWorking: 'Vérification que vous n’êtes pas un robot : quelques secondes…',
    tipNoScript: 'Ce formulaire a besoin de JavaScript pour son contrôle anti-abus. Sans lui, appelez le numéro ci-dessus.',
    tipThanks: 'Merci',
    tipThanksDetail: 'Vos informations sont parvenues aux enquêteurs.',
    tipRejected: 'Vos informations n’ont pas pu être envoyées : {reason}',
    tipTooMany: 'Trop de messages ont été envoyés d’ici ou pour cette page. Réessayez plus tard, ou appelez le numéro d’appel.',
    back: 'Retour à la page',
    optional: 'facultatif',
  },
  pt: {
    site: 'Crianças desaparecidas',
    countryHeading: 'Crianças desaparecidas: {country}',
    countries: 'Países',
    noneListed: 'Nenhuma criança está publicada para este país neste momento.',
    missing: 'DESAPARECIDA',
    unnamed: 'Criança desaparecida',
    age: '{age} anos',
    lastSeen: 'Vista pela última vez em {when} em {place}',
    lastSeenAt: 'Vista pela última vez em {when}',
    lastSeenIn: 'Vista pela última vez em {place}',
    description: 'Descrição',
    clothing: 'Roupa que vestia',
    callHotline: 'Se viu esta criança, ligue para {number} ({country}).',
    callEmergency: 'Se viu esta criança, ligue para os serviços de emergência ({country}).',
    poster: 'Cartaz para imprimir (PDF)',
    language: 'Idioma',
    agencies: 'Organismos e linhas de apoio',
    agencyHotline: 'Linha de apoio: {number}',
    gone: 'Esta página foi retirada',
    goneDetail: 'Esta criança já não consta aqui. Obrigado pela sua ajuda.',
    notFound: 'Página não encontrada',
    notFoundDetail: 'Essa página não existe neste site.',
    photoAlt: 'Foto de {name}',
    seePage: 'Ver a página',
    areaTitle: 'Crianças desaparecidas perto de {place}',
    widgetMore: 'Todas as crianças desaparecidas',
    tipHeading: 'Tenho informações',
    tipIntro: 'Conte aos investigadores o que viu. Não precisa de conta; os seus contactos são opcionais.',
    tipWhat: 'O que viu?',
    tipWhen: 'Quando?',
    tipWhere: 'Onde? (um lugar, uma morada)',
    tipLatitude: 'Latitude (opcional)',
    tipLongitude: 'Longitude (opcional)',
    tipContact: 'Como podemos contactá-lo? (opcional)',
    tipPhoto: 'Foto (opcional)',
    tipPhotoHelp: 'JPEG, PNG ou WebP, até 10 MB. O local onde a foto foi tirada é lido e depois removido do ficheiro.',
    tipSend: 'Enviar',
    tipWorking: 'A verificar que não é um robô: demora alguns segundos…',
    tipNoScript: 'Este formulário precisa de JavaScript para o controlo contra abusos. Sem ele, ligue para a linha de apoio acima.',
    tipThanks: 'Obrigado',
    tipThanksDetail: 'As suas informações chegaram aos investigadores.',
    tipRejected: 'Não foi possível enviar as suas informações: {reason}',
    tipTooMany: 'Foram enviadas demasiadas mensagens daqui ou para esta página. Tente mais tarde ou ligue para a linha de apoio.',
    back: 'Voltar à página',
    optional: 'opcional',
  },
};
