/**
 * Gender check of the consistency contract: a text that calls a woman only "he/him/his" (or
 * a man only "she/her") contradicts her traits. Conservative by design (target: no false
 * alarm on a good text): only a gender trait that clearly says female or male is checked
 * (non-binary and unknown values are not); the text must use the other gender's pronouns at
 * least twice and the person's own never; and a text that names someone of the other gender
 * (wife, mother, a king...) is not judged, since its pronouns may be theirs.
 *   genderProblem(traits, 'Bartholomew Brook', textWords(text)) // null or 'calls ... "she" ...'
 * Cost: one pass over the text's indexed words; no allocation beyond the answer.
 */
import type { Profile } from '../core/profile-schema.js';
import type { TraitMap } from '../core/types.js';
import type { TextWords } from './consistency-words.js';

export type BinaryGender = 'female' | 'male';

const FEMALE_VALUES = /^(?:(?:cis|trans)(?:gender)?[ -]?)?(?:f|female|woman|women|girl|lady|feminine|she|she\/her)$/;
const MALE_VALUES = /^(?:(?:cis|trans)(?:gender)?[ -]?)?(?:m|male|man|men|boy|gentleman|masculine|he|he\/him)$/;

/** The variable that holds a person's gender: "gender" or "sex" (any case), else one whose name contains either. */
export function genderVariable(traits: TraitMap, profile?: Profile | null): string | null {
  const names = profile ? profile.variables.map((v) => v.name) : Object.keys(traits);
  let found: string | null = null;
  for (const n of names) {
    const l = n.toLowerCase();
    if (l === 'gender' || l === 'sex') return Object.hasOwn(traits, n) ? n : null;
    if (found === null && (l.includes('gender') || l === 'biological_sex')) found = n;
  }
  return found !== null && Object.hasOwn(traits, found) ? found : null;
}

/** "female"/"woman"/"F" -> female, "male"/"man"/"M" -> male; anything else (non-binary, unknown) -> null. */
export function binaryGender(traits: TraitMap, profile?: Profile | null): BinaryGender | null {
  const name = genderVariable(traits, profile);
  if (name === null) return null;
  const value = traits[name];
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (FEMALE_VALUES.test(v)) return 'female';
  if (MALE_VALUES.test(v)) return 'male';
  return null;
}

const PRONOUNS: Record<BinaryGender, ReadonlySet<string>> = {
  female: new Set(['she', 'her', 'hers', 'herself']),
  male: new Set(['he', 'him', 'his', 'himself']),
};

/** Words that name someone of that gender: a text holding one may use its pronouns for them. */
const PEOPLE: Record<BinaryGender, ReadonlySet<string>> = {
  female: new Set(
    (
      'woman women wife wives mother mothers mum mom mama ma daughter daughters sister sisters girl girls lady ladies queen queens princess ' +
      'widow widows bride aunt aunts niece nieces grandmother grandmothers grandma granny mistress matron nun nuns priestess priestesses ' +
      'goddess goddesses madam madame duchess empress maid maids maiden maidens girlfriend fiancee fiancée heroine actress waitress ' +
      'seamstress washerwoman alewife dairymaid midwife sorceress witch witches abbess baroness countess stepmother stepdaughter stepsister ' +
      'housewife landlady spinster matriarch heiress hostess governess mistresses sisterhood daughter-in-law mrs ms miss dame she-wolf'
    ).split(' '),
  ),
  male: new Set(
    (
      'man men husband husbands father fathers dad papa pa son sons brother brothers boy boys lord lords king kings prince ' +
      'widower bridegroom groom uncle uncles nephew nephews grandfather grandfathers grandpa grandson grandsons monk monks priest priests ' +
      'god gods sir duke emperor baron count master boyfriend fiance fiancé hero actor waiter stepfather stepson stepbrother ' +
      'landlord bachelor patriarch heir host wizard warlock abbot friar brotherhood mr gentleman gentlemen fellow lad lads chap squire knight'
    ).split(' '),
  ),
};

const other = (g: BinaryGender): BinaryGender => (g === 'female' ? 'male' : 'female');

/**
 * The gender problem of a text, or null. `gender` is the person's (binaryGender); the text is
 * flagged when it refers to someone only with the other gender's pronouns (two or more) and
 * never with the person's own, and names nobody of the other gender they could belong to.
 */
export function genderProblem(gender: BinaryGender | null, name: string, value: string, words: TextWords): string | null {
  if (gender === null) return null;
  const own = PRONOUNS[gender];
  const wrong = PRONOUNS[other(gender)];
  const people = PEOPLE[other(gender)];
  let wrongCount = 0;
  const seen: string[] = [];
  for (const w of words.words) {
    if (own.has(w) || people.has(w)) return null;
    if (wrong.has(w)) {
      wrongCount++;
      if (!seen.includes(w)) seen.push(w);
    }
  }
  if (wrongCount < 2) return null;
  return `calls ${name} "${seen.join('", "')}", but ${name} is ${value}: use ${gender === 'female' ? 'she/her' : 'he/him/his'}`;
}
