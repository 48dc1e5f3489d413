/**
 * Names: "Given Family" for a naming culture and gender, drawn from faker's locale arrays
 * (with our seeded PRNG, never faker's global one) or from the authored lists in
 * name-data*.ts where faker has no fitting list or only a non-Latin script (the newer
 * cultures are data: given names plus weighted family templates). Which culture a world's
 * description points to: name-culture.ts.
 *   const name = pickName('medieval-british', 'female', rand); // 'Maud of Alnwick'
 * Cost: importing faker's locale data once (~150 ms, a few MB); a culture's lists are
 * assembled on first use (transliteration for ru/ko, < 5 ms); each pick is O(1), ~1 µs.
 */
import { allLocales } from '@faker-js/faker';
import { NAME_CULTURES, type NameCulture } from '../core/profile-schema.js';
import type { Rand } from '../core/random.js';
import { EDO, HAUSA, IGBO, SWAHILI } from './name-data-africa.js';
import { ANCIENT_GREEK, LATIN, NAHUATL, QUECHUA } from './name-data-ancient.js';
import { HEBREW, MONGOLIAN, PERSIAN, POLYNESIAN } from './name-data-asia-pacific.js';
import {
  ARABIC,
  CELTIC,
  CHINESE,
  FANTASY,
  FUTURISTIC,
  JAPANESE,
  KOREAN_FAMILY,
  MEDIEVAL_BRITISH,
  NORSE,
  type FamilyTemplates,
  type PatternedNames,
} from './name-data.js';

type GenderKey = 'female' | 'male' | 'any';
type List = readonly string[];

interface NameSource {
  readonly female: List;
  readonly male: List;
  /** `given` is the person's given name (sources may avoid repeating it). */
  family(gender: 'female' | 'male', rand: Rand, given: string): string;
}

/** Index into a list of n items from rand() in [0,1); tolerant of a rand that returns 1. */
function idx(n: number, rand: Rand): number {
  const i = Math.floor(rand() * n);
  return i >= n ? n - 1 : i < 0 ? 0 : i;
}
function pick<T>(list: readonly T[], rand: Rand): T {
  return list[idx(list.length, rand)]!;
}

/** "female"/"woman"/"F" -> female, "male"/"man"/"M" -> male, anything else -> either list. */
export function genderKey(gender: string): GenderKey {
  const g = gender.trim().toLowerCase();
  if (g === 'f' || g.startsWith('fem') || g.startsWith('wom') || g === 'girl' || g === 'lady' || g === 'she') return 'female';
  if (g === 'm' || g.startsWith('male') || g === 'man' || g === 'men' || g === 'boy' || g === 'he') return 'male';
  return 'any';
}

interface PersonDefinition {
  first_name?: { generic?: List; female?: List; male?: List };
  last_name?: { generic?: List; female?: List; male?: List };
}
function person(locale: keyof typeof allLocales): PersonDefinition {
  return (allLocales[locale].person ?? {}) as PersonDefinition;
}
const uniq = (...lists: (List | undefined)[]): List => [...new Set(lists.flatMap((l) => l ?? []))];

/** A faker locale's gendered first names (generic when a gender list is missing) and last names. */
function fakerSource(locales: (keyof typeof allLocales)[], familyPattern?: (f: () => string, rand: Rand) => string): NameSource {
  const people = locales.map(person);
  const female = uniq(...people.map((p) => p.first_name?.female ?? p.first_name?.generic));
  const male = uniq(...people.map((p) => p.first_name?.male ?? p.first_name?.generic));
  const last = uniq(...people.map((p) => p.last_name?.generic));
  const one = (rand: Rand) => () => pick(last, rand);
  return { female, male, family: (_g, rand) => (familyPattern ? familyPattern(one(rand), rand) : pick(last, rand)) };
}

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
/** Simple BGN-style transliteration of Russian names: "Агафья" -> "Agafya". */
export function transliterateRussian(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const t = CYRILLIC[lower];
    if (t === undefined) out += ch;
    else out += ch !== lower && t ? t[0]!.toUpperCase() + t.slice(1) : t;
  }
  return out;
}

const HANGUL_INITIAL = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const HANGUL_MEDIAL = [
  'a',
  'ae',
  'ya',
  'yae',
  'eo',
  'e',
  'yeo',
  'ye',
  'o',
  'wa',
  'wae',
  'oe',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'eu',
  'ui',
  'i',
];
const HANGUL_FINAL = [
  '',
  'k',
  'k',
  'k',
  'n',
  'n',
  'n',
  't',
  'l',
  'k',
  'm',
  'l',
  'l',
  'l',
  'p',
  'l',
  'm',
  'p',
  'p',
  't',
  't',
  'ng',
  't',
  't',
  'k',
  't',
  'p',
  't',
];
/** Revised Romanization per syllable, hyphenated as Korean given names often are: "가람" -> "Ga-ram". */
export function romaniseKorean(text: string): string {
  const parts: string[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)! - 0xac00;
    if (code < 0 || code > 11171) {
      parts.push(ch);
      continue;
    }
    parts.push(HANGUL_INITIAL[Math.floor(code / 588)]! + HANGUL_MEDIAL[Math.floor((code % 588) / 28)]! + HANGUL_FINAL[code % 28]!);
  }
  const joined = parts.join('-');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

function combos(stems: List, endings: List, whole: List): List {
  const out = new Set(whole);
  for (const s of stems) for (const e of endings) out.add(s + e);
  return [...out];
}

/**
 * A source from a PatternedNames spec: one draw picks a family template by weight, then one
 * draw per slot ("{child} of {father}" -> "daughter of Medon"). Templates are split once.
 */
function patternedSource(spec: PatternedNames): NameSource {
  const compile = (list: FamilyTemplates) => {
    const templates = list.map(([weight, text]) => ({ weight, parts: text.split(/\{(\w+)\}/) }));
    return { templates, total: templates.reduce((sum, t) => sum + t.weight, 0) };
  };
  const byGender =
    'female' in spec.family
      ? { female: compile(spec.family.female), male: compile(spec.family.male) }
      : { female: compile(spec.family), male: compile(spec.family) };
  const slot = (name: string, g: 'female' | 'male'): List => {
    if (name === 'father') return spec.male;
    if (name === 'mother') return spec.female;
    if (name === 'given') return g === 'female' ? spec.female : spec.male;
    const list = spec.lists[name];
    if (!list) throw new Error(`name template slot {${name}} has no list`);
    return 'female' in list ? list[g] : list;
  };
  return {
    female: spec.female,
    male: spec.male,
    family: (g, rand, given) => {
      const { templates, total } = byGender[g];
      let roll = rand() * total;
      const template = templates.find((t) => (roll -= t.weight) < 0) ?? templates[templates.length - 1]!;
      let out = '';
      // Even parts are literal text, odd parts slot names (String.split with a capture group).
      for (let i = 0; i < template.parts.length; i++) {
        if (i % 2 === 0) {
          out += template.parts[i];
          continue;
        }
        const list = slot(template.parts[i]!, g);
        const at = idx(list.length, rand);
        // Never "Waman Waman" or "Medon son of Medon": a slot that repeats the given name takes the next entry.
        out += list[at] === given && list.length > 1 ? list[(at + 1) % list.length] : list[at];
      }
      return out;
    },
  };
}

const BUILDERS: Record<NameCulture, () => NameSource> = {
  english: () => fakerSource(['en']),
  german: () => fakerSource(['de']),
  french: () => fakerSource(['fr']),
  italian: () => fakerSource(['it']),
  // Spanish and Portuguese speakers commonly carry two family names.
  spanish: () => fakerSource(['es'], (f, r) => (r() < 0.5 ? `${f()} ${f()}` : f())),
  portuguese: () => fakerSource(['pt_BR', 'pt_PT'], (f, r) => (r() < 0.5 ? `${f()} ${f()}` : f())),
  indian: () => fakerSource(['en_IN']),
  turkish: () => fakerSource(['tr']),
  vietnamese: () => fakerSource(['vi']),
  yoruba: () => {
    // yo_NG's generic list holds unisex names absent from the gendered ones: offer them to everyone.
    const p = person('yo_NG');
    const last = uniq(p.last_name?.generic);
    // Many Yoruba people go by two given names (a birth name and an oriki or religious name).
    const female = uniq(p.first_name?.female, p.first_name?.generic);
    const male = uniq(p.first_name?.male, p.first_name?.generic);
    const generic = uniq(p.first_name?.generic);
    return { female, male, family: (_g, r) => (r() < 0.3 ? `${pick(generic, r)} ${pick(last, r)}` : pick(last, r)) };
  },
  russian: () => {
    // faker's ru is Cyrillic; our texts are English, so transliterate. Family names are gendered.
    const p = person('ru');
    const tr = (l: List | undefined) => uniq(l).map(transliterateRussian);
    const lastF = tr(p.last_name?.female);
    const lastM = tr(p.last_name?.male);
    return { female: tr(p.first_name?.female), male: tr(p.first_name?.male), family: (g, r) => pick(g === 'female' ? lastF : lastM, r) };
  },
  korean: () => {
    // faker's ko given names are Hangul: romanise them; family names use the usual spellings.
    const p = person('ko');
    const rr = (l: List | undefined) => uniq(l).map(romaniseKorean);
    return { female: rr(p.first_name?.female), male: rr(p.first_name?.male), family: (_g, r) => pick(KOREAN_FAMILY, r) };
  },
  japanese: () => ({
    female: combos(JAPANESE.femaleStems, JAPANESE.femaleEndings, JAPANESE.female),
    male: combos(JAPANESE.maleStems, JAPANESE.maleEndings, JAPANESE.male),
    family: (_g, r) => pick(JAPANESE.family, r),
  }),
  chinese: () => {
    // Given names are one or two pinyin syllables written as one word: "Meilin", "Jian".
    const two = (l: List) => [...l, ...l.flatMap((a) => l.filter((b) => b !== a).map((b) => a + b.toLowerCase()))];
    return { female: two(CHINESE.female), male: two(CHINESE.male), family: (_g, r) => pick(CHINESE.family, r) };
  },
  arabic: () => ({
    female: ARABIC.female,
    male: ARABIC.male,
    // A family name, a father's name (nasab), or both; now and then a kunya (Abu/Umm + a son's name).
    family: (g, r) => {
      const k = r();
      const nasab = `${g === 'female' ? 'bint' : 'ibn'} ${pick(ARABIC.male, r)}`;
      if (k < 0.35) return pick(ARABIC.family, r);
      if (k < 0.55) return nasab;
      if (k < 0.9) return `${nasab} ${pick(ARABIC.family, r)}`;
      return `${g === 'female' ? 'Umm' : 'Abu'} ${pick(ARABIC.male, r)}`;
    },
  }),
  'medieval-british': () => {
    const m = MEDIEVAL_BRITISH;
    return {
      female: m.female,
      male: m.male,
      family: (_g, r) => {
        // Bynames: a trade, a place, a landmark, a nickname, a father, or a trade and a place.
        const k = r();
        if (k < 0.25) return pick(m.trades, r);
        if (k < 0.5) return `of ${pick(m.places, r)}`;
        if (k < 0.6) return pick(m.topographic, r);
        if (k < 0.7) return pick(m.nicknames, r);
        if (k < 0.85) return pick(m.patronymics, r);
        return `${pick(m.trades, r)} of ${pick(m.places, r)}`;
      },
    };
  },
  norse: () => {
    const patronymic = (father: string, g: 'female' | 'male') => {
      const stem = father.endsWith('i') ? `${father.slice(0, -1)}a` : father.endsWith('dr') ? father.slice(0, -1) : father;
      const vowelStem = stem !== father;
      return stem + (g === 'female' ? (vowelStem ? 'dottir' : 'sdottir') : vowelStem ? 'son' : 'sson');
    };
    return {
      female: NORSE.female,
      male: NORSE.male,
      family: (g, r) => {
        const k = r();
        const base = patronymic(pick(NORSE.male, r), g);
        if (k < 0.4) return base;
        if (k < 0.7) return `${base} of ${pick(NORSE.places, r)}`;
        if (k < 0.85) return pick(NORSE.bynames, r);
        return `${base} ${pick(NORSE.bynames, r)}`;
      },
    };
  },
  celtic: () => ({
    female: CELTIC.female,
    male: CELTIC.male,
    family: (g, r) => {
      const k = r();
      if (k < 0.45) return pick(CELTIC.surnames, r);
      if (k < 0.65) return `${g === 'female' ? 'nic' : 'mac'} ${pick(CELTIC.male, r)}`;
      if (k < 0.85) return `${pick(CELTIC.surnames, r)} of ${pick(CELTIC.places, r)}`;
      return `of ${pick(CELTIC.places, r)}`;
    },
  }),
  igbo: () => patternedSource(IGBO),
  hausa: () => patternedSource(HAUSA),
  edo: () => patternedSource(EDO),
  swahili: () => patternedSource(SWAHILI),
  'ancient-greek': () => patternedSource(ANCIENT_GREEK),
  latin: () => patternedSource(LATIN),
  nahuatl: () => patternedSource(NAHUATL),
  quechua: () => patternedSource(QUECHUA),
  persian: () => patternedSource(PERSIAN),
  mongolian: () => patternedSource(MONGOLIAN),
  hebrew: () => patternedSource(HEBREW),
  polynesian: () => patternedSource(POLYNESIAN),
  fantasy: () => {
    const f = FANTASY;
    const given = (endings: List) => {
      const out = new Set<string>();
      for (const o of f.onsets) for (const m of f.middles) for (const e of endings) out.add(o + m + e);
      return [...out];
    };
    return {
      female: given(f.femaleEndings),
      male: given(f.maleEndings),
      family: (_g, r) => {
        const a = pick(f.familyFirst, r);
        let b = pick(f.familySecond, r);
        if (a.toLowerCase() === b) b = 'ward';
        return a + b;
      },
    };
  },
  futuristic: () => {
    // A far future mixes Earth's cultures: family names from several locales, often hyphenated.
    const pool = uniq(
      person('en').last_name?.generic,
      person('es').last_name?.generic,
      person('en_IN').last_name?.generic,
      person('yo_NG').last_name?.generic,
      person('tr').last_name?.generic,
      person('de').last_name?.generic,
      JAPANESE.family,
      CHINESE.family,
      KOREAN_FAMILY,
    );
    return {
      female: FUTURISTIC.female,
      male: FUTURISTIC.male,
      family: (_g, r) => (r() < 0.4 ? `${pick(pool, r)}-${pick(pool, r)}` : pick(pool, r)),
    };
  },
};

const sources = new Map<NameCulture, NameSource>();
function sourceFor(culture: NameCulture): NameSource {
  let s = sources.get(culture);
  if (!s) {
    const build = BUILDERS[culture] ?? BUILDERS.english;
    s = build();
    sources.set(culture, s);
  }
  return s;
}

/**
 * A culture's given-name lists (no repeats), e.g. to check that a persona's first word is a
 * given name of its culture: `nameLists('igbo').female.includes('Ngozi')`.
 */
export function nameLists(culture: NameCulture): { female: readonly string[]; male: readonly string[] } {
  const src = sourceFor(culture);
  return { female: uniq(src.female), male: uniq(src.male) };
}

const CULTURE_SET: ReadonlySet<string> = new Set(NAME_CULTURES);
/** A trait value naming a culture ("Igbo", "ancient Greek", "ancient_greek") as a NameCulture, else null. */
export function asNameCulture(value: unknown): NameCulture | null {
  if (typeof value !== 'string') return null;
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return CULTURE_SET.has(key) ? (key as NameCulture) : null;
}

/**
 * "Given Family" for a culture and gender (a family part may be several words: "of Alnwick",
 * "ibn Yusuf", "Silva Santos"). Uses only `rand` (our seeded PRNG, [0,1)) for choices.
 */
export function pickName(culture: NameCulture, gender: string, rand: Rand): string {
  const src = sourceFor(culture);
  const key = genderKey(gender);
  const g: 'female' | 'male' = key === 'any' ? (rand() < 0.5 ? 'female' : 'male') : key;
  const given = pick(g === 'female' ? src.female : src.male, rand);
  return `${given} ${src.family(g, rand, given)}`;
}
