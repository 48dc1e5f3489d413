/**
 * What a world never admits from the packs: words for things not yet invented in its year
 * (no software in 1975, no telegraph in 1600, no spaceship in 1850), manorial words outside
 * medieval Europe, church words where no culture of the cast is Christian in that year, and
 * the setting's own exclusions (no river or field aboard a ship). world-profile.ts drops
 * every pack value this rejects; the description's own phrases are never dropped.
 *   const ok = wrongWorldFilter({ year: 1600, setting: 'town', cultures: ['japanese'], era: 'early-modern' });
 *   ok('the parish church') // false
 * Cost: one regex built per distinct (year, setting, cultures) key and cached; a test is one regex run.
 */
import type { NameCulture } from '../../../core/profile-schema.js';
import type { EraId, SettingId } from '../../../stages/sketch/sketch-types.js';
import { CULTURE_PACKS } from './cultures.js';
import { SETTING_PACKS } from './settings.js';

/** [word, first year it fits]. Whole words; a plural s also matches. */
const INVENTIONS: readonly (readonly [string, number])[] = [
  ['software', 1955],
  ['computer', 1946],
  ['smartphone', 2007],
  ['phone', 1877],
  ['telephone', 1877],
  ['internet', 1983],
  ['online', 1985],
  ['app', 2008],
  ['email', 1975],
  ['laptop', 1985],
  ['wifi', 1999],
  ['drone', 1995],
  ['cyberware', 1985],
  ['cyber', 1985],
  ['digital', 1960],
  ['hologram', 1960],
  ['holo', 1960],
  ['spaceship', 1950],
  ['starship', 1950],
  ['orbital', 1957],
  ['space station', 1971],
  ['rocket', 1940],
  ['ai', 1960],
  ['android', 1990],
  ['implants', 1995],
  ['neural', 1995],
  ['feeds', 2005],
  ['group chat', 2005],
  ['barista', 1990],
  ['gig worker', 2010],
  ['side hustle', 2005],
  ['delivery rider', 2010],
  ['data broker', 1990],
  ['data', 1950],
  ['software developer', 1960],
  ['convenience store', 1960],
  ['telegraph', 1840],
  ['railroad', 1825],
  ['railway', 1825],
  ['locomotive', 1825],
  ['steam', 1770],
  ['radio', 1910],
  ['car', 1895],
  ['bus', 1900],
  ['streetcar', 1888],
  ['factory', 1770],
  ['newspaper', 1620],
  ['printer', 1450],
  ['typesetter', 1450],
  ['electric', 1880],
  ['gas lamps', 1810],
  ['vcr', 1977],
  ['cassette', 1965],
  ['shopping mall', 1956],
  ['mall', 1956],
  ['television', 1940],
  ['transistor', 1954],
  ['cigarette', 1860],
  ['welder', 1890],
  ['crane operator', 1850],
  ['taxi', 1900],
  ['cab driver', 1830],
  ['typist', 1875],
  ['stenographer', 1880],
  ['pta', 1900],
  ['record', 1900],
  ['records', 1900],
  ['record seller', 1900],
  ['sound engineer', 1925],
  ['reactor', 1945],
  ['airlock', 1940],
  ['maglev', 1985],
  ['arcology', 1970],
  ['insurance agent', 1700],
  ['real estate agent', 1880],
  ['dentist', 1750],
  ['nurse', 1850],
  ['police', 1829],
  ['police officer', 1829],
  ['union', 1820],
  ['coffee', 1450],
  ['lighthouse', -300],
  ['customs officer', -500],
  ['money changer', -600],
  ['moneylender', -1800],
  ['tobacco', 1560],
  ['gun', 1350],
  ['musket', 1450],
  ['general store', 1750],
  ['bootlegger', 1900],
  ['speakeasy', 1880],
  ['speakeasies', 1880],
  ['systems', 1950],
  ['technician', 1900],
  ['engineer', 1750],
  ['mechanic', 1850],
  ['office worker', 1850],
  ['commuter', 1850],
];
/** [word, last year it fits]. */
const RETIRED: readonly (readonly [string, number])[] = [
  ['thrall', 1300],
  ['legionary', 500],
  ['centurion', 500],
  ['astrologer', 1750],
  ['cottar', 1600],
  ['villein', 1500],
  ['alewife', 1700],
  ['reeve', 1600],
  ['cabin boy', 1950],
  ['powder monkey', 1870],
  ['camp follower', 1900],
  ['washerwoman', 1950],
  ['newsboy', 1960],
  ['palanquin bearer', 1900],
];
const MANORIAL = ['serf', 'serfs', 'manor', 'lord of the manor', 'demesne', 'villein', 'cottar', 'reeve', 'manor court', 'manor steward'];
const MANORIAL_CULTURES = new Set<NameCulture>([
  'english',
  'medieval-british',
  'celtic',
  'french',
  'german',
  'italian',
  'spanish',
  'portuguese',
]);
export const CHURCH_WORDS = [
  'church',
  'churches',
  'churchgoing',
  'parish',
  'saint',
  'saints',
  'vicar',
  'abbey',
  'chapel',
  'cathedral',
  'bishop',
  'christ',
  'christian',
  'christianity',
  'mass',
  'pastor',
  'deacon',
  'friar',
  'convent',
  'missionary',
  'mission',
  'methodist',
  'baptist',
  'lutheran',
  'catholic',
  'anglican',
  'congregational',
  'pentecostal',
  'quaker',
  'orthodox',
  'parish priest',
  'vestry',
  'aladura',
];

export interface WrongWorldInput {
  year: number;
  era: EraId;
  setting: SettingId;
  cultures: readonly NameCulture[];
  /** Spacefaring tech: space words are then fine whatever the year says. */
  spacefaring?: boolean;
}

function escape(w: string): string {
  return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every word or phrase the world rejects (lower case). */
export function forbiddenWords(input: WrongWorldInput): string[] {
  const { year, era, setting, cultures } = input;
  const out: string[] = [];
  for (const [word, from] of INVENTIONS) if (year < from && !(input.spacefaring && from >= 1940)) out.push(word);
  for (const [word, to] of RETIRED) if (year > to) out.push(word);
  const manorial = (era === 'medieval' || era === 'early-modern') && cultures.some((c) => MANORIAL_CULTURES.has(c));
  if (!manorial) out.push(...MANORIAL);
  const christian = cultures.some((c) => {
    const from = CULTURE_PACKS[c].christianFrom;
    return from !== null && year >= from;
  });
  if (!christian) out.push(...CHURCH_WORDS);
  for (const c of cultures) {
    const f = CULTURE_PACKS[c].forbid;
    if (f && year < f[1]) out.push(...f[0]);
  }
  out.push(...SETTING_PACKS[setting].forbid);
  return out;
}

const cache = new Map<string, (text: string) => boolean>();

/** A test that is true when a pack value fits the world (none of its forbidden words). */
export function wrongWorldFilter(input: WrongWorldInput): (text: string) => boolean {
  const key = `${input.year}|${input.era}|${input.setting}|${input.cultures.join(',')}|${input.spacefaring ? 1 : 0}`;
  let test = cache.get(key);
  if (!test) {
    const words = forbiddenWords(input);
    const re = words.length ? new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'iu') : null;
    test = re ? (text: string) => !re.test(text) : () => true;
    if (cache.size > 256) cache.clear();
    cache.set(key, test);
  }
  return test;
}
