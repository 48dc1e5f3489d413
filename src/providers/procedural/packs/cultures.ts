/**
 * Culture packs (a data file, over ~400 lines would be allowed; keep entries short): for
 * each naming culture, its beliefs by period, its own institutions and words by period,
 * occupations and standing labels only that culture has, forms of address, and the year
 * Christianity became ordinary there (before it, or never, the composer admits no church,
 * parish or saint). Entries carry [from, to] years; open ends are +-9999.
 *   CULTURE_PACKS.norse.faiths // [['Thor and the old gods', 5, -9999, 1000], ...]
 * Cost: static data, loaded once.
 */
import type { NameCulture } from '../../../core/profile-schema.js';
import type { Opt } from './types.js';

/** [value, weight, fromYear, toYear] */
export type Dated = readonly [string, number, number, number];
/** [opt, fromYear, toYear]: an occupation only this culture has, in these years. */
export type DatedOpt = readonly [Opt, number, number];

export interface CulturePack {
  faiths: readonly Dated[];
  /** Factions and institutions of the culture. */
  institutions: readonly Dated[];
  terms: readonly Dated[];
  occupations?: readonly DatedOpt[];
  /** Standing labels low..high in these years (replace the era's). */
  tiers?: readonly (readonly [readonly [string, string, string, string], number, number])[];
  /** How people address each other ("goodwife", "-san"); for the text stage. */
  address: readonly string[];
  /** First year Christianity is an ordinary faith here; null: never in the packs. */
  christianFrom: number | null;
  /** Words the culture never admits before a year (no smiths or horses before contact): [words, untilYear]. */
  forbid?: readonly [readonly string[], number];
}

const PRE_CONTACT = [
  'blacksmith',
  'smith',
  'ironsmith',
  'tanner',
  'chandler',
  'horse',
  'stable',
  'stables',
  'carter',
  'wagon',
  'wagons',
  'camel',
  'brewer',
  'baker',
  'city gates',
  'tavern',
  'moneylender',
  'local lord',
];

const N = -9999;
const Y = 9999;

const WESTERN_CHURCH: readonly Dated[] = [
  ['the parish church', 6, 600, 1900],
  ['the saints\u2019 feast days', 2, 800, 1600],
  ['the cathedral chapter', 1, 1000, 1700],
  ['the Catholic parish', 4, 1900, Y],
  ['not religious', 4, 1960, 2200],
  ['none to speak of', 5, 2200, Y],
];
const MANOR_TIERS = [['cottar', 'villein', 'freeholder', 'gentry'] as const, 1000, 1450] as const;
const MANOR_OCC: readonly DatedOpt[] = [
  [['reeve', 1, { minAge: 30, genders: ['male'], tiers: ['common', 'middling'] }], 1000, 1500],
  [['swineherd', 2, { tiers: ['low', 'common'] }], 600, 1600],
  [['alewife', 2, { genders: ['female'], minAge: 22 }], 1000, 1600],
  [['parish priest', 1, { genders: ['male'], minAge: 25 }], 700, 1600],
  [['manor steward', 1, { minAge: 30, tiers: ['middling', 'high'] }], 1000, 1500],
  [['ploughman', 3, { genders: ['male'], minAge: 16, tiers: ['low', 'common'] }], 600, 1800],
];
const MANOR_TERMS: readonly Dated[] = [
  ['the manor', 4, 1000, 1500],
  ['the parish', 3, 700, 1700],
  ['the common', 3, 700, 1800],
  ['the alehouse', 2, 900, 1800],
  ['the demesne', 2, 1000, 1450],
  ['Lammas', 1, 800, 1700],
  ['the drove road', 1, 1100, 1800],
];
const MUSLIM: readonly Dated[] = [
  ['Islam and the Friday mosque', 8, 650, Y],
  ['a Sufi order', 3, 1100, Y],
];

export const CULTURE_PACKS: Readonly<Record<NameCulture, CulturePack>> = {
  english: {
    faiths: [
      ['the old gods', 4, N, 650],
      ...WESTERN_CHURCH.filter((f) => f[2] < 1500).map((f) => [f[0], f[1], f[2], 1540] as const),
      ['the Church of England', 4, 1540, 1800],
      ['the Congregational meeting house', 4, 1620, 1900],
      ['the Methodist chapel', 3, 1740, 1900],
      ['the Quaker meeting', 1, 1650, 1900],
      ['the Baptist church', 2, 1640, 2050],
      ['the Catholic church', 2, 1800, 2050],
      ['little use for churchgoing', 2, 1800, 2100],
      ['the Methodist church', 3, 1900, 2050],
      ['the Lutheran church', 2, 1900, 2050],
      ['not religious', 4, 1960, 2200],
      ['none to speak of', 5, 2200, Y],
    ],
    institutions: [
      ['the parish vestry', 2, 1200, 1850],
      ['the town meeting', 2, 1640, 1950],
      ['the Rotary Club', 1, 1910, 2050],
      ['the local newspaper', 1, 1800, 2020],
    ],
    terms: [...MANOR_TERMS, ['the general store', 2, 1750, 1960], ['the county fair', 1, 1820, 2050]],
    occupations: MANOR_OCC,
    tiers: [MANOR_TIERS],
    address: ['goodwife', 'master', 'mister', 'missus', 'ma\u2019am', 'sir'],
    christianFrom: 600,
  },
  'medieval-british': {
    faiths: [['the old gods', 3, N, 650], ...WESTERN_CHURCH.filter((f) => f[2] < 1500)],
    institutions: [
      ['the manor court', 2, 1000, 1500],
      ['the parish', 2, 700, 1700],
    ],
    terms: MANOR_TERMS,
    occupations: MANOR_OCC,
    tiers: [MANOR_TIERS],
    address: ['goodwife', 'goodman', 'master', 'dame'],
    christianFrom: 600,
  },
  celtic: {
    faiths: [
      ['the old gods of the wells and hills', 5, N, 600],
      ['the druids\u2019 rites', 2, N, 450],
      ['the holy wells and their saints', 3, 450, 1800],
      ['the parish church', 3, 600, 1800],
      ['the Catholic church', 5, 1800, 2050],
      ['not religious', 3, 1960, Y],
    ],
    institutions: [
      ['the clan', 3, N, 1750],
      ['the kin-group', 2, N, 1200],
    ],
    terms: [
      ['the clan chief', 2, N, 1750],
      ['the hill fort', 2, N, 600],
      ['the glens', 2, N, Y],
    ],
    address: ['mac', 'ni'],
    christianFrom: 450,
  },
  norse: {
    faiths: [
      ['Thor and the old gods', 5, N, 1050],
      ['Freyja\u2019s rites', 3, N, 1050],
      ['Odin', 2, N, 1050],
      ['the land-spirits', 2, N, 1200],
      ['the new Christ faith', 2, 980, 1100],
      ['the Church', 4, 1100, 1530],
      ['the Lutheran church', 4, 1530, 1980],
      ['not religious', 4, 1960, Y],
    ],
    institutions: [
      ['the Thing assembly', 3, N, 1300],
      ['the chieftain\u2019s household', 3, N, 1300],
      ['the feuding kin', 2, N, 1300],
    ],
    terms: [
      ['the longhouse', 3, N, 1300],
      ['the Thing', 2, N, 1300],
      ['the hall', 2, N, 1300],
      ['the longships', 2, 750, 1100],
      ['the blot feasts', 1, N, 1050],
      ['the fjord', 1, N, Y],
    ],
    occupations: [
      [['skald', 1, { minAge: 20 }], N, 1300],
      [['shipwright', 2, { minAge: 18 }], 700, 1300],
      [['thrall', 2, { tiers: ['low'] }], N, 1200],
      [['farmhand', 3, { tiers: ['low', 'common'] }], N, 1900],
    ],
    tiers: [[['thrall', 'free farmer', 'landholder', 'chieftain\u2019s kin'], N, 1300]],
    address: ['-son', '-dottir'],
    christianFrom: 1000,
  },
  german: {
    faiths: [
      ['the old gods', 3, N, 800],
      ...WESTERN_CHURCH.map((f) => [f[0], f[1], Math.max(f[2], 800), f[3]] as const),
      ['the Lutheran church', 4, 1520, 2100],
    ],
    institutions: [['the guild hall', 2, 1200, 1850]],
    terms: [['the guild hall', 2, 1200, 1850]],
    address: ['Herr', 'Frau'],
    christianFrom: 800,
  },
  french: {
    faiths: WESTERN_CHURCH,
    institutions: [['the guilds', 2, 1200, 1790]],
    terms: [['the boulangerie', 1, 1700, Y]],
    address: ['monsieur', 'madame'],
    christianFrom: 500,
  },
  italian: {
    faiths: WESTERN_CHURCH,
    institutions: [
      ['the guilds', 2, 1200, 1800],
      ['the great families', 2, 1200, 1800],
    ],
    terms: [['the piazza', 2, 1100, Y]],
    address: ['signore', 'signora'],
    christianFrom: 350,
  },
  spanish: {
    faiths: [...WESTERN_CHURCH, ['Islam', 2, 711, 1500]],
    institutions: [['the cofradias', 2, 1400, Y]],
    terms: [['the plaza', 2, 1200, Y]],
    address: ['don', 'do\u00f1a'],
    christianFrom: 400,
  },
  portuguese: {
    faiths: WESTERN_CHURCH,
    institutions: [['the brotherhoods', 2, 1400, Y]],
    terms: [['the praça', 2, 1200, Y]],
    address: ['senhor', 'senhora'],
    christianFrom: 400,
  },
  russian: {
    faiths: [
      ['the old Slavic gods', 4, N, 1000],
      ['the Orthodox Church', 6, 990, 1917],
      ['the Orthodox Church, quietly', 3, 1917, 1991],
      ['official atheism', 4, 1917, 1991],
      ['the Orthodox Church', 4, 1991, 2100],
      ['none to speak of', 4, 1991, Y],
    ],
    institutions: [
      ['the village commune', 2, 1500, 1917],
      ['the party committee', 3, 1917, 1991],
    ],
    terms: [
      ['the samovar', 1, 1700, 2000],
      ['the dacha', 1, 1900, Y],
    ],
    address: ['comrade', 'batyushka'],
    christianFrom: 990,
  },
  japanese: {
    faiths: [
      ['the local Buddhist temple', 6, 550, 2100],
      ['the local Shinto shrine', 5, N, Y],
      ['Pure Land Buddhism', 3, 1150, 1950],
      ['Zen practice', 2, 1200, Y],
      ['the mountain ascetics', 1, 700, 1870],
      ['old family shrines', 4, 1950, Y],
      ['none to speak of', 3, 1950, Y],
    ],
    institutions: [
      ['the daimyo\u2019s retainers', 3, 1185, 1870],
      ['the shogunate officials', 2, 1600, 1868],
      ['the merchant houses', 2, 1600, 1900],
      ['the temple', 2, 700, 1900],
    ],
    terms: [
      ['the daimyo', 2, 1185, 1870],
      ['the rice tax', 2, 700, 1870],
      ['the shrine festival', 2, N, Y],
      ['the honjin inn', 2, 1600, 1870],
      ['the checkpoint', 1, 1600, 1870],
      ['the izakaya', 1, 1800, Y],
      ['the konbini', 1, 1975, Y],
    ],
    occupations: [
      [['samurai retainer', 3, { genders: ['male'], minAge: 16, tiers: ['high'] }], 1185, 1870],
      [['ronin', 1, { genders: ['male'], minAge: 20 }], 1400, 1870],
      [['sake brewer', 2, { minAge: 20 }], 1300, Y],
      [['rice merchant', 2, { minAge: 25, tiers: ['middling', 'high'] }], 1600, 1900],
      [['palanquin bearer', 2, { genders: ['male'], minAge: 16, maxAge: 45 }], 1500, 1880],
      [['geisha', 1, { genders: ['female'], minAge: 16 }], 1750, 1990],
    ],
    tiers: [[['laborer', 'farmer', 'townsman', 'samurai'], 1185, 1870]],
    address: ['-san', '-sama', '-dono'],
    christianFrom: null,
  },
  chinese: {
    faiths: [
      ['ancestor veneration', 6, N, Y],
      ['the Buddhist temple', 4, 100, Y],
      ['the Taoist masters', 3, 100, Y],
      ['Confucian rites', 3, -400, 1950],
      ['none to speak of', 3, 1950, Y],
    ],
    institutions: [
      ['the magistrate\u2019s yamen', 2, -200, 1912],
      ['the clan association', 2, 1000, Y],
      ['the merchant guilds', 2, 1000, 1950],
    ],
    terms: [
      ['the ancestral hall', 2, N, Y],
      ['the tea house', 2, 800, Y],
    ],
    address: ['elder brother', 'auntie'],
    christianFrom: null,
  },
  korean: {
    faiths: [
      ['the mudang shamans', 3, N, Y],
      ['the Buddhist temple', 4, 400, Y],
      ['Confucian ancestor rites', 4, 1390, Y],
      ['the Protestant church', 3, 1900, Y],
      ['none to speak of', 4, 1950, Y],
    ],
    institutions: [['the yangban families', 2, 1390, 1900]],
    terms: [
      ['the pojangmacha stalls', 1, 1960, Y],
      ['the PC bang', 1, 1998, 2100],
    ],
    address: ['-ssi', 'ajumma', 'hyung'],
    christianFrom: 1900,
  },
  indian: {
    faiths: [
      ['Vishnu devotion', 5, -500, Y],
      ['the Shiva temple', 4, -500, Y],
      ['Islam and the Friday mosque', 4, 1000, Y],
      ['a Sufi order', 2, 1200, Y],
      ['the Jain temple', 1, -500, Y],
      ['the Sikh gurdwara', 1, 1500, Y],
      ['the Vedic fire rites', 3, N, 0],
    ],
    institutions: [
      ['the caste panchayat', 2, N, Y],
      ['the mansabdars', 2, 1560, 1760],
      ['the merchant bankers', 2, 1300, 1900],
    ],
    terms: [
      ['the bazaar', 2, N, Y],
      ['the ghats', 1, N, Y],
      ['the havelis', 1, 1500, Y],
    ],
    occupations: [[['munshi', 1, { minAge: 20, tiers: ['middling'] }], 1500, 1900]],
    address: ['-ji', 'sahib', 'begum'],
    christianFrom: null,
  },
  arabic: {
    faiths: [['the old gods of Arabia', 4, N, 630], ...MUSLIM],
    institutions: [
      ['the qadi\u2019s court', 2, 700, Y],
      ['the tribal sheikhs', 2, N, Y],
    ],
    terms: [
      ['the souk', 2, N, Y],
      ['the Friday mosque', 2, 650, Y],
      ['the coffee house', 1, 1500, Y],
    ],
    address: ['sayyid', 'umm', 'abu'],
    christianFrom: null,
  },
  yoruba: {
    faiths: [
      ['the orisha shrines', 5, N, Y],
      ['Islam and the Friday mosque', 4, 1800, Y],
      ['the Anglican church', 3, 1850, Y],
      ['an Aladura church', 2, 1920, Y],
    ],
    institutions: [
      ['the Oba\u2019s palace', 2, N, Y],
      ['the market women\u2019s associations', 2, N, Y],
    ],
    terms: [['the owambe parties', 1, 1950, Y]],
    address: ['Baba', 'Mama', 'Alhaji'],
    christianFrom: 1850,
  },
  igbo: {
    faiths: [
      ['Odinani and the shrine of Ala', 4, N, Y],
      ['the Catholic church', 4, 1885, Y],
      ['the Anglican church', 3, 1860, Y],
      ['a Pentecostal church', 2, 1970, Y],
    ],
    institutions: [
      ['the town union', 2, 1930, Y],
      ['the age grade', 2, N, Y],
    ],
    terms: [],
    address: ['Nna', 'Nne', 'Chief'],
    christianFrom: 1860,
  },
  hausa: {
    faiths: [...MUSLIM, ['the bori spirit rites', 2, N, Y]],
    institutions: [['the Emir\u2019s court', 2, 1400, Y]],
    terms: [['the Friday mosque', 1, 1400, Y]],
    address: ['Malam', 'Alhaji', 'Hajiya'],
    christianFrom: null,
  },
  edo: {
    faiths: [
      ['Olokun and the Oba\u2019s shrines', 4, N, Y],
      ['the Catholic church', 3, 1890, Y],
      ['a Pentecostal church', 2, 1970, Y],
    ],
    institutions: [['the Oba\u2019s palace chiefs', 2, N, Y]],
    terms: [],
    address: ['Oba', 'Iye'],
    christianFrom: 1890,
  },
  vietnamese: {
    faiths: [
      ['ancestor veneration', 6, N, Y],
      ['the pagoda', 4, 200, Y],
      ['the Catholic church', 2, 1650, Y],
      ['Cao Dai', 1, 1926, Y],
      ['none to speak of', 3, 1960, Y],
    ],
    institutions: [['the village council', 2, N, Y]],
    terms: [['the communal house', 1, N, Y]],
    address: ['anh', 'ch\u1ecb', 'b\u00e1c'],
    christianFrom: 1650,
  },
  turkish: {
    faiths: [['Tengri the sky god', 4, N, 1000], ...MUSLIM, ['not religious', 2, 1930, Y]],
    institutions: [['the bey\u2019s household', 2, 1000, 1920]],
    terms: [
      ['the bazaar', 2, 1000, Y],
      ['the hammam', 1, 1000, Y],
    ],
    address: ['bey', 'hanim', 'effendi'],
    christianFrom: null,
  },
  'ancient-greek': {
    faiths: [
      ['the Mother Goddess', 5, N, -1100],
      ['the snake goddess shrines', 3, N, -1100],
      ['the peak sanctuaries', 3, N, -1100],
      ['the bull rites', 2, N, -1100],
      ['the Olympian gods', 6, -1100, 400],
      ['Athena', 2, -800, 400],
      ['the Eleusinian mysteries', 2, -600, 400],
      ['Orthodox Christianity', 5, 400, Y],
    ],
    institutions: [
      ['the palace', 3, N, -1100],
      ['the assembly', 3, -600, 0],
      ['the temple treasurers', 2, -800, 300],
    ],
    terms: [
      ['the palace storerooms', 2, N, -1100],
      ['the double axes', 1, N, -1100],
      ['the agora', 2, -800, 400],
      ['the symposium', 1, -700, 300],
    ],
    address: ['kyrios'],
    christianFrom: 400,
  },
  latin: {
    faiths: [
      ['Jupiter and the gods of Rome', 5, N, 380],
      ['the household lares', 4, N, 400],
      ['Mithras', 2, 50, 380],
      ['Isis', 1, -50, 380],
      ['the Church', 4, 313, Y],
    ],
    institutions: [
      ['the legion', 3, -300, 450],
      ['the senate', 2, N, 450],
      ['the collegia', 2, -100, 450],
    ],
    terms: [
      ['the forum', 2, N, 500],
      ['the baths', 2, -200, 500],
      ['the legion', 1, -300, 450],
    ],
    address: ['dominus', 'domina'],
    christianFrom: 313,
  },
  persian: {
    faiths: [
      ['the fire temples of Ahura Mazda', 5, N, 800],
      ['Shia Islam', 4, 650, Y],
      ['Islam and the Friday mosque', 3, 650, Y],
      ['a Sufi order', 3, 1000, Y],
    ],
    institutions: [['the shah\u2019s court', 2, N, Y]],
    terms: [
      ['the bazaar', 2, N, Y],
      ['the qanats', 1, N, Y],
    ],
    address: ['agha', 'khanum', 'mirza'],
    christianFrom: null,
  },
  mongolian: {
    faiths: [
      ['Tengri and the eternal sky', 5, N, Y],
      ['the shamans', 3, N, Y],
      ['Tibetan Buddhism', 3, 1577, Y],
    ],
    institutions: [['the khan\u2019s household', 3, N, 1700]],
    terms: [
      ['the gers', 2, N, Y],
      ['the horse herds', 2, N, Y],
    ],
    address: ['khan', 'noyan'],
    christianFrom: null,
  },
  nahuatl: {
    faiths: [
      ['Huitzilopochtli', 4, 1300, 1521],
      ['Tlaloc the rain god', 4, N, 1521],
      ['Quetzalcoatl', 3, N, 1521],
      ['the Church', 4, 1521, Y],
      ['the old gods in secret', 2, 1521, 1700],
    ],
    institutions: [
      ['the calpulli', 3, 1200, 1600],
      ['the temple priests', 2, N, 1521],
      ['the pochteca merchants', 2, 1300, 1521],
    ],
    terms: [
      ['the chinampas', 2, 1200, Y],
      ['the causeways', 2, 1325, 1600],
      ['the great temple', 2, 1325, 1521],
      ['the canoe canals', 1, 1325, 1600],
    ],
    address: ['-tzin'],
    christianFrom: 1521,
    forbid: [PRE_CONTACT, 1521],
  },
  quechua: {
    faiths: [
      ['Inti the Sun', 5, N, 1532],
      ['the huacas', 4, N, Y],
      ['Pachamama', 4, N, Y],
      ['the Church', 4, 1532, Y],
    ],
    institutions: [
      ['the ayllu', 3, N, Y],
      ['the Inca governors', 2, 1400, 1532],
    ],
    terms: [
      ['the terraces', 2, N, Y],
      ['the quipu records', 1, 1400, 1600],
    ],
    address: ['tayta', 'mama'],
    christianFrom: 1532,
    forbid: [PRE_CONTACT, 1532],
  },
  swahili: {
    faiths: [['the ancestor spirits', 3, N, Y], ...MUSLIM, ['the mission church', 2, 1880, Y]],
    institutions: [['the coastal merchant houses', 2, 900, Y]],
    terms: [['the dhows', 2, 900, Y]],
    address: ['bwana', 'mama'],
    christianFrom: 1880,
  },
  polynesian: {
    faiths: [
      ['Tangaroa of the sea', 4, N, Y],
      ['Tane of the forests', 3, N, Y],
      ['the tapu of the chiefs', 3, N, 1850],
      ['the mission church', 3, 1830, Y],
    ],
    institutions: [
      ['the chiefs', 3, N, Y],
      ['the navigators', 2, N, Y],
    ],
    terms: [
      ['the marae', 2, N, Y],
      ['the star paths', 2, N, Y],
    ],
    address: ['ariki'],
    christianFrom: 1830,
    forbid: [
      [
        ...PRE_CONTACT,
        'deck',
        'decks',
        'hold',
        'crow\u2019s nest',
        'bosun',
        'cabin boy',
        'officer',
        'officers',
        "ship's carpenter",
        'sailmaker',
        'tax collectors',
        'market day',
        'captain',
        'lookout',
      ],
      1800,
    ],
  },
  hebrew: {
    faiths: [
      ['the Temple', 5, -950, 70],
      ['the synagogue', 5, -200, Y],
      ['the study house', 2, 100, Y],
      ['not observant', 2, 1850, Y],
    ],
    institutions: [['the elders', 2, N, Y]],
    terms: [['the Sabbath', 2, N, Y]],
    address: ['rabbi', 'reb'],
    christianFrom: null,
  },
  fantasy: {
    faiths: [
      ['the Moon Lady', 4, N, Y],
      ['the Old Forest', 3, N, Y],
      ['the Sun Lord', 3, N, Y],
      ['the Many Gods', 3, N, Y],
      ['no god but their own luck', 2, N, Y],
    ],
    institutions: [
      ['the elder council', 2, N, Y],
      ['the mages\u2019 circle', 2, N, Y],
    ],
    terms: [
      ['the elder trees', 1, N, Y],
      ['the old songs', 1, N, Y],
    ],
    address: ['lady', 'lord'],
    christianFrom: null,
  },
  futuristic: {
    faiths: [
      ['none to speak of', 6, N, Y],
      ['a revived old-Earth faith', 3, N, Y],
      ['the Quiet Way meditation', 2, N, Y],
      ['the memorial of the founders', 2, N, Y],
    ],
    institutions: [],
    terms: [],
    address: ['citizen', 'crewmate'],
    christianFrom: null,
  },
};

/** The culture's address forms (for the text stage). */
export function addressForms(culture: NameCulture): readonly string[] {
  return CULTURE_PACKS[culture].address;
}
