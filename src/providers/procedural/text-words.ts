/**
 * Small word tools for procedural text: verb agreement ("keeps" -> "keep" for they),
 * articles, per-tech-level words (a message is a "letter" in 1850 and a "message" in 2300)
 * and how a designer's free-text hint fits a sentence ("one-eyed" is an adjective that goes
 * before the occupation, "walks with a cane" a predicate, "samurai" a noun).
 *   hintKind('one-eyed') // 'adj';  plural('keeps') // 'keep';  lexicon('steam').msg // 'letter'
 * Cost: a few string tests per call; hint kinds are cached.
 */
import type { SettingId, TechLevel } from '../../stages/sketch/sketch-types.js';

const IRREGULAR: Record<string, string> = { is: 'are', was: 'were', has: 'have', does: 'do', goes: 'go', says: 'say' };
export const ADVERBS = new Set([
  'never',
  'always',
  'rarely',
  'often',
  'still',
  'quietly',
  'secretly',
  'once',
  'already',
  'sometimes',
  'seldom',
  'barely',
  'also',
]);

/** A third-person-singular verb in its plural form ("keeps" -> "keep", "carries" -> "carry"). */
export function plural(verb: string): string {
  const irregular = IRREGULAR[verb];
  if (irregular) return irregular;
  if (verb.endsWith('ies') && verb.length > 4) return `${verb.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z|o)es$/.test(verb)) return verb.slice(0, -2);
  if (verb.endsWith('s') && !verb.endsWith('ss')) return verb.slice(0, -1);
  return verb;
}

/** A predicate whose first verb (after adverbs) is made plural: "never forgets" -> "never forget". */
export function pluralLead(predicate: string): string {
  const words = predicate.split(' ');
  let i = 0;
  while (i < words.length - 1 && ADVERBS.has(words[i]!)) i++;
  words[i] = plural(words[i]!);
  return words.join(' ');
}

/** "a" or "an" plus a space, or '' when the phrase has its own determiner. */
export function article(phrase: string): string {
  const w = phrase.toLowerCase();
  if (/^(the|a|an|my|our|their|his|her|some|one of)\s/.test(w)) return '';
  if (/^(uni|use|usu|ure|eu|one|ew)/.test(w)) return 'a ';
  if (/^[aeiou]/.test(w) || /^(hour|honest|heir|honou?r)/.test(w)) return 'an ';
  if (/^\d/.test(w)) return /^(8|11|18)(\D|$)/.test(w) || /^8\d/.test(w) ? 'an ' : 'a ';
  return 'a ';
}

/** Words that name everyday things, per technology level (never an era's proper names). */
export interface Lexicon {
  msg: string;
  msgs: string;
  money: string;
  tally: string;
  light: string;
}
const LEXICONS: Record<TechLevel, Lexicon> = {
  stone: { msg: 'message', msgs: 'messages', money: 'goods', tally: 'tally', light: 'fire' },
  bronze: { msg: 'message', msgs: 'messages', money: 'silver', tally: 'tally', light: 'lamp' },
  iron: { msg: 'message', msgs: 'messages', money: 'silver', tally: 'tally', light: 'lamp' },
  'pre-industrial': { msg: 'letter', msgs: 'letters', money: 'coin', tally: 'ledger', light: 'lamp' },
  steam: { msg: 'letter', msgs: 'letters', money: 'money', tally: 'ledger', light: 'lamp' },
  electric: { msg: 'letter', msgs: 'letters', money: 'money', tally: 'notebook', light: 'light' },
  digital: { msg: 'message', msgs: 'messages', money: 'money', tally: 'list', light: 'light' },
  spacefaring: { msg: 'message', msgs: 'messages', money: 'credit', tally: 'log', light: 'light' },
};
export function lexicon(tech: TechLevel): Lexicon {
  return LEXICONS[tech] ?? LEXICONS['pre-industrial'];
}

/** The place the cast lives, as a phrase with its preposition ("aboard the ship"). */
const HOMES: Record<SettingId, string> = {
  village: 'in the village',
  town: 'in the town',
  city: 'in the city',
  port: 'in the port',
  ship: 'aboard the ship',
  station: 'on the station',
  colony: 'in the colony',
  caravan: 'with the caravan',
  archipelago: 'across the islands',
  habitat: 'in the habitat',
  camp: 'in the camp',
  court: 'at court',
  suburb: 'in the suburb',
  settlement: 'in the settlement',
};
export function homePhrase(setting: SettingId): string {
  return HOMES[setting] ?? 'in these parts';
}
/** The bare noun phrase of the home ("the ship"). */
export function homeNoun(setting: SettingId): string {
  const p = homePhrase(setting);
  return setting === 'court' ? 'the court' : p.slice(p.indexOf(' ') + 1);
}

/**
 * How a hint fits a sentence: 'adj' before a noun ("one-eyed"), 'suffix' after one ("with a
 * scarred cheek", "from Osaka"), 'pred' after a name ("walks with a cane", "is secretly a
 * spy" is written 'isPred': it needs an "is"), 'np' a noun phrase with its own article ("a
 * former soldier"), 'noun' a bare noun ("samurai", "gnome miner").
 */
export type HintKind = 'adj' | 'suffix' | 'pred' | 'isPred' | 'np' | 'noun';
const ADJECTIVES = new Set([
  'blind',
  'deaf',
  'mute',
  'tall',
  'short',
  'old',
  'young',
  'lame',
  'bald',
  'rich',
  'poor',
  'fat',
  'thin',
  'big',
  'small',
  'quiet',
  'loud',
  'shy',
  'bold',
  'brave',
  'kind',
  'cruel',
  'wise',
  'pale',
  'dark',
  'fair',
  'grey',
  'gray',
  'red-haired',
  'cursed',
  'noble',
  'proud',
  'strong',
  'weak',
  'frail',
  'sick',
  'pregnant',
  'illiterate',
  'literate',
  'drunk',
  'sober',
  'honest',
  'devout',
  'pious',
  'gruff',
  'stern',
  'gentle',
  'mad',
  'foreign',
  'silent',
  'vain',
  'stout',
  'lean',
  'handsome',
  'beautiful',
  'ugly',
  'clever',
  'secretive',
  'reclusive',
  'superstitious',
  'nervous',
  'wealthy',
  'famous',
  'infamous',
  'ageing',
  'aging',
  'tattooed',
  'scarred',
  'freckled',
  'bearded',
]);
const NOUN_ENDINGS_NOT_ADJ = new Set([
  'deputy',
  'envoy',
  'detective',
  'operative',
  'captive',
  'native',
  'relative',
  'fugitive',
  'executive',
  'spy',
  'ally',
  'bully',
  'nanny',
  'daddy',
]);
const PREPOSITIONS = new Set([
  'with',
  'from',
  'of',
  'in',
  'on',
  'at',
  'to',
  'by',
  'for',
  'about',
  'without',
  'into',
  'like',
  'after',
  'under',
  'over',
  'near',
  'who',
  'whose',
  'that',
]);
const DETERMINERS = new Set([
  'a',
  'an',
  'the',
  'his',
  'her',
  'their',
  'one',
  'two',
  'three',
  'no',
  'every',
  'many',
  'some',
  'too',
  'very',
  'more',
  'all',
]);
const kinds = new Map<string, HintKind>();

function classify(hint: string): HintKind {
  const words = hint.trim().toLowerCase().split(/\s+/);
  const w0 = words[0] ?? '';
  const w1 = words[1];
  if (PREPOSITIONS.has(w0)) return 'suffix';
  if (w0 === 'a' || w0 === 'an' || w0 === 'the') return 'np';
  if (w0 === 'is' || w0 === 'has' || w0 === 'was' || w0 === 'can' || w0 === 'will' || w0 === 'does' || w0 === 'had') return 'pred';
  if (ADVERBS.has(w0) && w1 !== undefined) {
    if (DETERMINERS.has(w1) || isAdjective(w1) || words.length === 2) return /s$/.test(w1) && !isAdjective(w1) ? 'pred' : 'isPred';
    return 'pred';
  }
  if (words.length === 1) return isAdjective(w0) ? 'adj' : 'noun';
  if (/(ed|ing)$/.test(w0) && !ADJECTIVES.has(w0) && w1 !== undefined && (PREPOSITIONS.has(w1) || DETERMINERS.has(w1))) return 'suffix';
  if (/[a-z]s$/.test(w0) && !/(ss|us|is)$/.test(w0) && w1 !== undefined && (PREPOSITIONS.has(w1) || DETERMINERS.has(w1))) return 'pred';
  if (words.every((w) => isAdjective(w) || w === 'and')) return 'adj';
  return 'noun';
}
function isAdjective(w: string): boolean {
  if (ADJECTIVES.has(w)) return true;
  if (NOUN_ENDINGS_NOT_ADJ.has(w)) return false;
  if (w.includes('-') && /(ed|less|ful|ish|ing|y|ly|old|eyed|handed|haired|tongued|legged|armed|spoken|born|read|faced|hearted)$/.test(w))
    return true;
  return w.length > 4 && /(ed|less|ful|ish|ous|ive|ky|ny|ty|py|dy|gy|sy|ly|able|ible)$/.test(w) && !/(ary|ery|ory)$/.test(w);
}
export function hintKind(hint: string): HintKind {
  let kind = kinds.get(hint);
  if (kind === undefined) {
    kind = classify(hint);
    if (kinds.size > 5_000) kinds.clear();
    kinds.set(hint, kind);
  }
  return kind;
}
