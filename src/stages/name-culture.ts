/**
 * Which naming culture a world's description points to: place and people words ("Lagos",
 * "Viking", "neo-Tokyo") matched as whole words, then genre words (elves, starships,
 * medieval) when no place matched. The names themselves: names.ts.
 *   detectCulture('A modern neo-Tokyo'); // 'japanese'
 *   detectCulture('zzz', 'fantasy');     // 'fantasy' (nothing matched)
 * Cost: the keyword regexes compile once at load; a detection is ~20 µs for a short description.
 */
import type { NameCulture } from '../core/profile-schema.js';
import { escapeRegExp } from '../core/strings.js';

/**
 * Place and people words that point to a naming culture (lower case, matched as whole
 * words). Genre words (medieval, elves, starships) are in GENRE_KEYWORDS and only count
 * when no place matched.
 */
export const NAME_CULTURE_KEYWORDS: Readonly<Partial<Record<NameCulture, readonly string[]>>> = {
  english: [
    'england',
    'english',
    'britain',
    'british',
    'london',
    'manchester',
    'liverpool',
    'yorkshire',
    'america',
    'american',
    'new york',
    'chicago',
    'los angeles',
    'boston',
    'texas',
    'california',
    'canada',
    'australia',
    'sydney',
  ],
  'medieval-british': ['northumbria', 'anglo-saxon', 'saxon', 'saxons', 'norman', 'normans', 'mercia', 'wessex', 'domesday'],
  celtic: [
    'ireland',
    'irish',
    'scotland',
    'scottish',
    'highlands',
    'wales',
    'welsh',
    'cornwall',
    'cornish',
    'gaelic',
    'celtic',
    'celts',
    'druid',
    'druids',
    'hebrides',
    'brittany',
  ],
  norse: [
    'viking',
    'vikings',
    'norse',
    'scandinavia',
    'scandinavian',
    'norway',
    'norwegian',
    'sweden',
    'swedish',
    'denmark',
    'danish',
    'iceland',
    'icelandic',
    'fjord',
    'fjords',
    'valhalla',
    'jarl',
  ],
  german: [
    'germany',
    'german',
    'berlin',
    'munich',
    'hamburg',
    'bavaria',
    'bavarian',
    'cologne',
    'frankfurt',
    'prussia',
    'prussian',
    'vienna',
    'austria',
    'austrian',
    'black forest',
    'rhine',
  ],
  french: ['france', 'french', 'paris', 'parisian', 'lyon', 'marseille', 'bordeaux', 'provence', 'quebec', 'montreal'],
  italian: [
    'italy',
    'italian',
    'rome',
    'roman',
    'venice',
    'venetian',
    'florence',
    'milan',
    'naples',
    'sicily',
    'sicilian',
    'tuscany',
    'genoa',
  ],
  spanish: [
    'spain',
    'spanish',
    'madrid',
    'barcelona',
    'seville',
    'andalusia',
    'mexico',
    'mexican',
    'latin america',
    'buenos aires',
    'argentina',
    'colombia',
    'bogota',
    'peru',
    'lima',
    'chile',
    'cuba',
    'havana',
    'castile',
  ],
  portuguese: ['portugal', 'portuguese', 'lisbon', 'porto', 'brazil', 'brazilian', 'rio de janeiro', 'sao paulo', 'são paulo', 'favela'],
  russian: ['russia', 'russian', 'moscow', 'siberia', 'siberian', 'soviet', 'ussr', 'petersburg', 'leningrad', 'volga', 'tsar', 'tsarist'],
  japanese: [
    'japan',
    'japanese',
    'tokyo',
    'kyoto',
    'osaka',
    'edo',
    'samurai',
    'shogun',
    'shogunate',
    'hokkaido',
    'okinawa',
    'yokohama',
    'ninja',
  ],
  chinese: [
    'china',
    'chinese',
    'beijing',
    'shanghai',
    'hong kong',
    'canton',
    'guangzhou',
    'shenzhen',
    'taiwan',
    'taipei',
    'wuxia',
    'chongqing',
  ],
  korean: ['korea', 'korean', 'seoul', 'busan', 'joseon', 'incheon'],
  indian: [
    'india',
    'indian',
    'mumbai',
    'bombay',
    'delhi',
    'bangalore',
    'bengaluru',
    'kolkata',
    'calcutta',
    'chennai',
    'madras',
    'hyderabad',
    'rajasthan',
    'mughal',
    'bollywood',
    'kerala',
    'goa',
  ],
  arabic: [
    'arab',
    'arabic',
    'arabian',
    'cairo',
    'egypt',
    'egyptian',
    'baghdad',
    'damascus',
    'syria',
    'beirut',
    'lebanon',
    'dubai',
    'riyadh',
    'morocco',
    'marrakesh',
    'casablanca',
    'tunis',
    'algiers',
    'sultanate',
    'caliphate',
    'bedouin',
    'oman',
    'yemen',
  ],
  yoruba: ['lagos', 'nigeria', 'nigerian', 'yoruba', 'ibadan', 'abuja', 'oyo'],
  vietnamese: ['vietnam', 'vietnamese', 'hanoi', 'saigon', 'ho chi minh', 'mekong', 'da nang'],
  turkish: ['turkey', 'turkish', 'istanbul', 'constantinople', 'ankara', 'ottoman', 'anatolia', 'anatolian', 'izmir'],
};

/** Genre words: used when no place word matched. */
export const GENRE_KEYWORDS: Readonly<Partial<Record<NameCulture, readonly string[]>>> = {
  fantasy: [
    'elf',
    'elves',
    'elven',
    'dwarf',
    'dwarves',
    'dwarven',
    'orc',
    'orcs',
    'goblin',
    'goblins',
    'wizard',
    'wizards',
    'sorcerer',
    'sorcerers',
    'dragon',
    'dragons',
    'magic',
    'magical',
    'fantasy',
    'enchanted',
    'fae',
    'faerie',
    'troll',
    'trolls',
    'halfling',
    'halflings',
    'gnome',
    'gnomes',
    'mage',
    'mages',
    'arcane',
  ],
  futuristic: [
    'space',
    'spaceship',
    'starship',
    'starships',
    'orbital',
    'galactic',
    'galaxy',
    'interstellar',
    'hyperspace',
    'cyberpunk',
    'android',
    'androids',
    'robot',
    'robots',
    'futuristic',
    'far future',
    'sci-fi',
    'mars',
    'martian',
    'asteroid',
    'megacorp',
    'megacorps',
    'megacity',
  ],
  'medieval-british': [
    'medieval',
    'feudal',
    'middle ages',
    'manor',
    'serf',
    'serfs',
    'peasant',
    'peasants',
    'abbey',
    'monastery',
    'knight',
    'knights',
    'castle',
  ],
};

/**
 * One global, Unicode-aware regex matching any of `words` (lower case) as whole words; a
 * word ending in "-" is a prefix ("neo-" matches "neo-Tokyo"). Compile once, reuse.
 */
export function keywordRegExp(words: readonly string[]): RegExp {
  const alts = words.map((w) => escapeRegExp(w) + (w.endsWith('-') ? '' : '(?![\\p{L}])'));
  return new RegExp(`(?<![\\p{L}])(?:${alts.join('|')})`, 'gu');
}

function compile(table: Readonly<Partial<Record<NameCulture, readonly string[]>>>): [NameCulture, RegExp][] {
  return (Object.entries(table) as [NameCulture, readonly string[]][]).map(([culture, words]) => [culture, keywordRegExp(words)]);
}
const PLACE_PATTERNS = compile(NAME_CULTURE_KEYWORDS);
const GENRE_PATTERNS = compile(GENRE_KEYWORDS);

function best(patterns: [NameCulture, RegExp][], text: string): NameCulture | null {
  let winner: NameCulture | null = null;
  let bestHits = 0;
  let bestAt = Infinity;
  for (const [culture, re] of patterns) {
    let hits = 0;
    let first = Infinity;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      hits++;
      if (m.index < first) first = m.index;
    }
    if (hits > bestHits || (hits === bestHits && hits > 0 && first < bestAt)) {
      winner = culture;
      bestHits = hits;
      bestAt = first;
    }
  }
  return winner;
}

/**
 * The naming culture a description points to: a place or people word wins (most mentions,
 * then earliest), English places in a medieval setting give medieval-british, then genre
 * words, then `fallback`. Pure; ~20 µs for a short description.
 */
export function detectCulture(description: string, fallback: NameCulture = 'english'): NameCulture {
  const text = description.normalize('NFKC').toLowerCase();
  const place = best(PLACE_PATTERNS, text);
  const genre = best(GENRE_PATTERNS, text);
  if (place === 'english' && genre === 'medieval-british') return 'medieval-british';
  return place ?? genre ?? fallback;
}
