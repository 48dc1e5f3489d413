/**
 * Era packs (a data file; long lines of authored data): for
 * each broad period, the names of the standing tiers, generic period occupations that fit any
 * setting (the setting pack adds its own), institutions people side with, marriage customs,
 * ages, genders, a fallback belief and period words. Nothing here names a setting (no river,
 * field or dock), so it composes with ships and stations; anachronisms are filtered again by
 * wrong-world.ts.
 *   ERA_PACKS['industrial'].tiers // ['labouring poor', 'working people', 'respectable', 'moneyed']
 * Cost: static data, loaded once.
 */
import type { EraId } from '../../../stages/sketch/sketch-types.js';
import type { Flag, Opt } from './types.js';

export interface EraPack {
  /** Labels of the standing tiers low, common, middling, high. */
  tiers: readonly [string, string, string, string];
  /** Tier weights, low to high. */
  tierWeights: readonly [number, number, number, number];
  occupations: readonly Opt[];
  factions: readonly Opt[];
  /** Marital values beyond single/married/widowed ([value, weight, when]). */
  marital: readonly Opt[];
  marriedMin: number;
  age: readonly [number, number];
  genders: readonly Opt[];
  /** An unconditional belief value for mixed casts (every heritage may hold it). */
  fallbackFaith: string;
  flag: Flag;
  terms: readonly string[];
  /** A representative year when the description gives none. */
  year: number;
}

const BINARY: readonly Opt[] = [['female', 50], ['male', 50]];
const MODERN_GENDERS: readonly Opt[] = [['female', 48], ['male', 48], ['non-binary', 4]];
const FUTURE_GENDERS: readonly Opt[] = [['female', 46], ['male', 46], ['non-binary', 8]];
const OLD_MARITAL: readonly Opt[] = [['betrothed', 6, { minAge: 16, maxAge: 30 }]];
const MODERN_MARITAL: readonly Opt[] = [['engaged', 5, { minAge: 18, maxAge: 45 }], ['divorced', 6, { minAge: 24 }]];
const NOW_MARITAL: readonly Opt[] = [['partnered', 12, { minAge: 18 }], ['divorced', 6, { minAge: 24 }], ['engaged', 4, { minAge: 18, maxAge: 45 }]];
const FUTURE_MARITAL: readonly Opt[] = [['partnered', 16, { minAge: 18 }], ['contract-married', 6, { minAge: 20 }], ['separated', 5, { minAge: 24 }]];

const ANCIENT_OCC: readonly Opt[] = [
  ['potter', 3], ['weaver', 3, { genders: ['female'] }], ['herder', 3, { tiers: ['low', 'common'] }], ['smith', 2, { minAge: 20 }],
  ['healer', 2, { minAge: 25 }], ['storyteller', 1, { minAge: 40 }], ['water carrier', 2, { maxAge: 30, tiers: ['low', 'common'] }],
  ['errand child', 2, { maxAge: 15 }], ['household servant', 3, { tiers: ['low'] }],
];

export const ERA_PACKS: Readonly<Record<EraId, EraPack>> = {
  prehistoric: {
    tiers: ['newcomer', 'kin', 'elder kin', "headman's kin"],
    tierWeights: [10, 60, 22, 8],
    occupations: [
      ['hunter', 5, { minAge: 14, maxAge: 55 }], ['gatherer', 5], ['flint knapper', 3, { minAge: 16 }], ['hide worker', 3], ['fire keeper', 2],
      ['herb woman', 2, { genders: ['female'], minAge: 30 }], ['tracker', 2, { maxAge: 45 }], ['shaman', 1, { minAge: 30 }], ['elder', 2, { minAge: 50 }],
      ['child forager', 2, { maxAge: 13 }], ['potter', 2],
    ],
    factions: [['the clan elders', 4], ['the hunters', 3], ['their own hearth', 4]],
    marital: OLD_MARITAL, marriedMin: 15, age: [8, 60], genders: BINARY,
    fallbackFaith: 'the spirits of the land', flag: ['has_hunted_big_game', 0.3],
    terms: ['the hearth', 'the clan', 'the elders', 'the spirits'], year: -8000,
  },
  'bronze-age': {
    tiers: ['bondservant', 'commoner', 'freeholder', 'palace household'],
    tierWeights: [15, 55, 22, 8],
    occupations: [
      ...ANCIENT_OCC, ['bronzesmith', 3, { minAge: 18 }], ['scribe', 2, { tiers: ['middling', 'high'], minAge: 16 }], ['palace steward', 1, { tiers: ['high'], minAge: 30 }],
      ['priestess', 2, { genders: ['female'], minAge: 18 }], ['oil presser', 2], ['stonemason', 2, { genders: ['male'] }],
    ],
    factions: [['the palace', 4], ['the temple', 3], ['their own household', 4]],
    marital: OLD_MARITAL, marriedMin: 15, age: [10, 65], genders: BINARY,
    fallbackFaith: 'offerings at the household shrine', flag: ['reads_the_script', 0.1],
    terms: ['the palace', 'the storerooms', 'the shrine', 'the tribute'], year: -1500,
  },
  'iron-age': {
    tiers: ['thrall', 'commoner', 'freeholder', 'chieftain kin'],
    tierWeights: [14, 56, 22, 8],
    occupations: [
      ...ANCIENT_OCC, ['ironsmith', 3, { minAge: 18 }], ['warrior', 3, { genders: ['male'], minAge: 16, maxAge: 50 }], ['bard', 1, { minAge: 20 }],
      ['chieftain', 1, { tiers: ['high'], minAge: 35 }], ['leatherworker', 2],
    ],
    factions: [['the chieftain', 4], ['the warband', 3], ['their own kin', 4]],
    marital: OLD_MARITAL, marriedMin: 15, age: [10, 65], genders: BINARY,
    fallbackFaith: 'the household spirits', flag: ['has_a_blood_feud', 0.15],
    terms: ['the hillfort', 'the chieftain', 'the kin', 'the feast hall'], year: -400,
  },
  classical: {
    tiers: ['enslaved', 'plebeian', 'citizen of means', 'aristocrat'],
    tierWeights: [18, 52, 22, 8],
    occupations: [
      ...ANCIENT_OCC, ['scribe', 2, { minAge: 16 }], ['tutor', 1, { minAge: 25, tiers: ['low', 'middling'] }], ['magistrate', 1, { tiers: ['high'], minAge: 30 }],
      ['wine seller', 2], ['physician', 1, { minAge: 25 }], ['oil lamp maker', 1],
    ],
    factions: [['the magistrates', 3], ['the great families', 3], ['the temple', 2], ['their own household', 4]],
    marital: OLD_MARITAL, marriedMin: 14, age: [10, 70], genders: BINARY,
    fallbackFaith: 'the household gods', flag: ['is_a_citizen', 0.5],
    terms: ['the forum', 'the magistrates', 'the baths', 'the amphorae'], year: 100,
  },
  medieval: {
    tiers: ['landless labourer', 'commoner', 'freeholder', 'noble household'],
    tierWeights: [20, 52, 20, 8],
    occupations: [
      ['blacksmith', 3, { genders: ['male'], minAge: 18 }], ['carpenter', 3, { minAge: 16 }], ['weaver', 3], ['brewer', 2], ['baker', 2], ['cook', 2],
      ['healer', 2, { minAge: 25 }], ['servant', 3, { tiers: ['low', 'common'] }], ['apprentice', 3, { maxAge: 19, tiers: ['low', 'common', 'middling'] }],
      ['tanner', 2], ['chandler', 1], ['elder', 1, { minAge: 55 }],
    ],
    factions: [['the local lord', 3], ['the elders', 3], ['their own kin', 4]],
    marital: OLD_MARITAL, marriedMin: 15, age: [10, 70], genders: BINARY,
    fallbackFaith: 'the old household customs', flag: ['can_read', 0.08],
    terms: ['the market day', 'the feast days', 'the tax collectors', 'the old families'], year: 1250,
  },
  'early-modern': {
    tiers: ['labourer', 'commoner', 'merchant family', 'nobility'],
    tierWeights: [20, 50, 22, 8],
    occupations: [
      ['carpenter', 3, { minAge: 16 }], ['weaver', 2], ['cook', 2], ['tailor', 2], ['scribe', 1, { minAge: 18 }], ['physician', 1, { minAge: 28 }],
      ['servant', 3, { tiers: ['low', 'common'] }], ['apprentice', 3, { maxAge: 19, tiers: ['low', 'common', 'middling'] }], ['moneylender', 1, { minAge: 30, tiers: ['middling', 'high'] }],
      ['seamstress', 2, { genders: ['female'] }], ['elder', 1, { minAge: 55 }],
    ],
    factions: [['the local lord', 3], ['the merchants', 3], ['their own family', 4]],
    marital: OLD_MARITAL, marriedMin: 15, age: [10, 72], genders: BINARY,
    fallbackFaith: 'the old family observances', flag: ['can_read', 0.2],
    terms: ['the market', 'the tax collectors', 'the festival days'], year: 1600,
  },
  industrial: {
    tiers: ['labouring poor', 'working people', 'respectable', 'moneyed'],
    tierWeights: [22, 48, 22, 8],
    occupations: [
      ['blacksmith', 2, { genders: ['male'], minAge: 18 }], ['seamstress', 2, { genders: ['female'] }], ['clerk', 2, { minAge: 16, tiers: ['common', 'middling'] }],
      ['schoolteacher', 1, { minAge: 19 }], ['doctor', 1, { minAge: 28, tiers: ['middling', 'high'] }], ['lawyer', 1, { minAge: 26, tiers: ['middling', 'high'] }],
      ['boardinghouse keeper', 2, { minAge: 30 }], ['errand boy', 2, { genders: ['male'], maxAge: 15 }], ['washerwoman', 2, { genders: ['female'], tiers: ['low', 'common'] }],
      ['newspaper editor', 1, { minAge: 28 }], ['retired tradesman', 1, { minAge: 60 }],
    ],
    factions: [['the company men', 3], ['the reformers', 2], ['the temperance society', 2], ['their own family', 4]],
    marital: [['engaged', 5, { minAge: 17, maxAge: 40 }]], marriedMin: 16, age: [8, 78], genders: BINARY,
    fallbackFaith: 'no great religion', flag: ['can_read', 0.6],
    terms: ['the newspaper', 'the general store', 'the telegraph office', 'the gas lamps'], year: 1860,
  },
  'early-20th': {
    tiers: ['poor', 'working class', 'middle class', 'well-to-do'],
    tierWeights: [20, 50, 23, 7],
    occupations: [
      ['factory hand', 3, { tiers: ['low', 'common'], minAge: 14 }], ['stenographer', 2, { genders: ['female'], minAge: 17 }], ['shop clerk', 2],
      ['newsboy', 2, { genders: ['male'], maxAge: 16 }], ['streetcar conductor', 1, { minAge: 20 }], ['doctor', 1, { minAge: 28 }], ['police officer', 1, { minAge: 21 }],
      ['schoolteacher', 1, { minAge: 19 }], ['retired railroad man', 1, { minAge: 62, genders: ['male'] }], ['seamstress', 2, { genders: ['female'] }],
    ],
    factions: [['the political machine', 3], ['the union', 3], ['the reform league', 2], ['their own family', 4]],
    marital: MODERN_MARITAL, marriedMin: 17, age: [8, 80], genders: BINARY,
    fallbackFaith: 'no great religion', flag: ['owns_a_radio', 0.3],
    terms: ['the radio', 'the streetcar', 'the newspaper', 'the corner drugstore'], year: 1925,
  },
  'mid-20th': {
    tiers: ['poor', 'working class', 'middle class', 'well-off'],
    tierWeights: [18, 48, 27, 7],
    occupations: [
      ['factory worker', 3, { minAge: 16 }], ['typist', 2, { genders: ['female'], minAge: 17 }], ['shopkeeper', 2, { minAge: 25 }], ['mechanic', 2, { minAge: 17 }],
      ['schoolteacher', 2, { minAge: 21 }], ['nurse', 2, { minAge: 20 }], ['student', 3, { maxAge: 23 }], ['taxi driver', 2, { minAge: 20 }],
      ['civil servant', 2, { minAge: 22 }], ['pensioner', 2, { minAge: 62 }], ['market trader', 2],
    ],
    factions: [['the union', 3], ['the party', 2], ['the neighbourhood association', 3], ['their own family', 4]],
    marital: MODERN_MARITAL, marriedMin: 17, age: [8, 82], genders: BINARY,
    fallbackFaith: 'not much for religion', flag: ['owns_a_car', 0.35],
    terms: ['the transistor radio', 'the newspaper', 'the bus depot'], year: 1960,
  },
  'late-20th': {
    tiers: ['struggling', 'working class', 'middle class', 'well-off'],
    tierWeights: [15, 45, 32, 8],
    occupations: [
      ['factory worker', 2, { minAge: 18 }], ['secretary', 2, { minAge: 18 }], ['mechanic', 2, { minAge: 18 }], ['schoolteacher', 2, { minAge: 22 }], ['nurse', 2, { minAge: 21 }],
      ['high school student', 4, { maxAge: 18, minAge: 14 }], ['college student', 2, { minAge: 18, maxAge: 24 }], ['insurance agent', 1, { minAge: 25 }],
      ['retiree', 2, { minAge: 62 }], ['shop owner', 1, { minAge: 28 }], ['truck driver', 2, { minAge: 21 }],
    ],
    factions: [['the union', 2], ['the neighbourhood watch', 3], ['the PTA', 2], ['their own family', 4]],
    marital: MODERN_MARITAL, marriedMin: 18, age: [10, 85], genders: BINARY,
    fallbackFaith: 'not religious', flag: ['owns_a_vcr', 0.4],
    terms: ['the cassette tapes', 'the evening news', 'the shopping mall'], year: 1985,
  },
  contemporary: {
    tiers: ['precarious', 'working class', 'middle class', 'well-off'],
    tierWeights: [18, 42, 32, 8],
    occupations: [
      ['delivery rider', 3, { minAge: 17, maxAge: 45 }], ['nurse', 2, { minAge: 22 }], ['office worker', 3, { minAge: 20 }], ['software developer', 2, { minAge: 21 }],
      ['student', 4, { maxAge: 24 }], ['shop assistant', 2], ['teacher', 2, { minAge: 22 }], ['retiree', 2, { minAge: 63 }], ['barista', 2, { maxAge: 35 }],
      ['small business owner', 1, { minAge: 28 }], ['care worker', 2, { minAge: 20 }],
    ],
    factions: [['the residents\u2019 association', 3], ['the union', 2], ['their own circle', 4], ['the local council', 2]],
    marital: NOW_MARITAL, marriedMin: 18, age: [14, 88], genders: MODERN_GENDERS,
    fallbackFaith: 'not religious', flag: ['has_a_side_hustle', 0.3],
    terms: ['the group chat', 'the late-night convenience store', 'the commuter trains'], year: 2020,
  },
  'near-future': {
    tiers: ['precarious', 'working class', 'professional', 'elite'],
    tierWeights: [25, 42, 26, 7],
    occupations: [
      ['courier', 3, { maxAge: 45 }], ['drone mechanic', 2, { minAge: 18 }], ['data broker', 2, { minAge: 20 }], ['medic', 2, { minAge: 24 }], ['student', 3, { maxAge: 24 }],
      ['security contractor', 2, { minAge: 20 }], ['street vendor', 2], ['systems analyst', 2, { minAge: 22 }], ['retiree', 1, { minAge: 65 }], ['gig worker', 2],
    ],
    factions: [['the corporations', 3], ['the mutual-aid networks', 3], ['the city authority', 2], ['nobody but themselves', 3]],
    marital: NOW_MARITAL, marriedMin: 18, age: [14, 90], genders: FUTURE_GENDERS,
    fallbackFaith: 'none to speak of', flag: ['has_implants', 0.4],
    terms: ['the feeds', 'the corporate sponsors', 'the credit chits'], year: 2060,
  },
  'far-future': {
    tiers: ['indentured', 'crew', 'specialist', 'command'],
    tierWeights: [10, 52, 30, 8],
    occupations: [
      ['systems technician', 3, { minAge: 18 }], ['medic', 2, { minAge: 24 }], ['teacher', 2, { minAge: 22 }], ['quartermaster', 1, { minAge: 28 }],
      ['trainee', 3, { maxAge: 20 }], ['archivist', 1, { minAge: 30 }], ['fabricator operator', 2, { minAge: 18 }], ['retired crew elder', 1, { minAge: 65 }],
    ],
    factions: [['the council', 3], ['the technicians', 2], ['nobody but themselves', 3]],
    marital: FUTURE_MARITAL, marriedMin: 18, age: [12, 110], genders: FUTURE_GENDERS,
    fallbackFaith: 'none to speak of', flag: ['has_neural_implant', 0.35],
    terms: ['the archives', 'the fabricators', 'the ration ledger'], year: 2400,
  },
};
