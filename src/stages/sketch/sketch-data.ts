/**
 * Data tables for the world sketch reader (sketch.ts): the year -> era table, era -> tech,
 * tech words, the place / people / period cue table (region, naming cultures, era, all
 * era- and context-aware), and the word lists that sort a description's noun phrases into
 * institutions, activities, places and resources. A data file: long by design, no logic.
 *   import { CUES, yearToEra } from './sketch-data.js'; yearToEra(1855) // 'industrial'
 * Cost: plain literals; sketch.ts compiles them into a few regexes and Sets once at load.
 */
import type { NameCulture } from '../../core/profile-schema.js';
import type { EraId, SettingId, TechLevel } from './sketch-types.js';

/** A weighted culture mix; sketch.ts normalises it, so weights need not sum to 1. */
export type Mix = Partial<Record<NameCulture, number>>;

/**
 * Year -> era, the one table: the first row whose `before` is greater than the year wins.
 *   year < -3300 prehistoric | < -1200 bronze-age | < -500 iron-age | < 500 classical
 *   < 1500 medieval | < 1760 early-modern | < 1900 industrial | < 1940 early-20th
 *   < 1970 mid-20th | < 2000 late-20th | < 2035 contemporary | < 2150 near-future | else far-future
 */
export const YEAR_ERAS: ReadonlyArray<readonly [before: number, era: EraId]> = [
  [-3300, 'prehistoric'],
  [-1200, 'bronze-age'],
  [-500, 'iron-age'],
  [500, 'classical'],
  [1500, 'medieval'],
  [1760, 'early-modern'],
  [1900, 'industrial'],
  [1940, 'early-20th'],
  [1970, 'mid-20th'],
  [2000, 'late-20th'],
  [2035, 'contemporary'],
  [2150, 'near-future'],
  [Infinity, 'far-future'],
];

export function yearToEra(year: number): EraId {
  for (const [before, era] of YEAR_ERAS) if (year < before) return era;
  return 'far-future';
}

/** The technology an era implies when the description names none. */
export const ERA_TECH: Readonly<Record<EraId, TechLevel>> = {
  prehistoric: 'stone',
  'bronze-age': 'bronze',
  'iron-age': 'iron',
  classical: 'iron',
  medieval: 'pre-industrial',
  'early-modern': 'pre-industrial',
  industrial: 'steam',
  'early-20th': 'electric',
  'mid-20th': 'electric',
  'late-20th': 'electric',
  contemporary: 'digital',
  'near-future': 'digital',
  'far-future': 'spacefaring',
};

/** Explicit technology words (lower case, spaces for hyphens); the highest level named wins over the era's. */
export const TECH_WORDS: Readonly<Partial<Record<TechLevel, readonly string[]>>> = {
  stone: ['flint', 'stone tools', 'stone axes'],
  bronze: ['bronze tools', 'bronze weapons'],
  steam: ['steam', 'steam powered', 'steamship', 'steamships', 'steamboat', 'steamboats', 'railroad', 'railroads', 'railway', 'railways', 'locomotive', 'locomotives', 'telegraph', 'steampunk', 'factory', 'factories', 'mill town', 'coal mine', 'coal mines', 'gaslight', 'gaslit'],
  electric: ['electric', 'electricity', 'radio', 'radios', 'telephone', 'telephones', 'television', 'automobile', 'automobiles', 'motorcar', 'diesel', 'dieselpunk', 'neon', 'jukebox', 'airfield', 'atompunk'],
  digital: ['computer', 'computers', 'internet', 'online', 'smartphone', 'smartphones', 'cyber', 'cyberpunk', 'hacker', 'hackers', 'software', 'digital', 'drone', 'drones', 'arcology', 'arcologies', 'virtual reality', 'neural', 'cybernetic', 'cybernetics', 'android', 'androids', 'augmented', 'solarpunk', 'biotech'],
  spacefaring: ['starship', 'starships', 'spaceship', 'spaceships', 'space station', 'orbital', 'generation ship', 'colony ship', 'interstellar', 'interplanetary', 'asteroid', 'asteroids', 'asteroid belt', 'lunar', 'moon base', 'spaceport', 'spaceports', 'hyperspace', 'warp drive', 'zero g', 'zero gravity', 'exoplanet', 'terraformed', 'terraforming', 'galactic', 'starport', 'space elevator', 'orbit'],
};

/** Words that imply a space setting (far-future unless a year or a time word says otherwise). */
export const SPACE_WORDS: readonly string[] = [...(TECH_WORDS.spacefaring ?? []), 'space', 'planet', 'planets', 'moon', 'star system', 'galaxy', 'spacer', 'spacers'];

export const FANTASY_WORDS: readonly string[] = ['elf', 'elves', 'elven', 'elvish', 'dwarf', 'dwarves', 'dwarven', 'orc', 'orcs', 'goblin', 'goblins', 'wizard', 'wizards', 'sorcerer', 'sorcerers', 'sorceress', 'sorcery', 'dragon', 'dragons', 'magic', 'magical', 'mage', 'mages', 'fantasy', 'enchanted', 'enchantment', 'fae', 'faerie', 'faeries', 'fairy', 'fairies', 'troll', 'trolls', 'halfling', 'halflings', 'gnome', 'gnomes', 'arcane', 'necromancer', 'necromancers', 'warlock', 'warlocks', 'unicorn', 'unicorns', 'griffin', 'griffins', 'spellcaster', 'spellcasters', 'wyvern', 'wyverns', 'ogre', 'ogres'];

export const RUINED_WORDS: readonly string[] = ['wasteland', 'wastelands', 'post apocalyptic', 'postapocalyptic', 'apocalypse', 'after the apocalypse', 'ruins', 'ruined', 'dried up', 'fallout', 'scavenger', 'scavengers', 'scavenged', 'collapse', 'collapsed', 'after the fall', 'nuclear winter', 'irradiated', 'mutant', 'mutants', 'derelict', 'abandoned', 'crumbling', 'blighted', 'after the bombs', 'dead city'];

/** Words that make an undated, genre-free description sound contemporary or pre-modern. */
export const MODERN_WORDS: readonly string[] = ['suburb', 'suburbs', 'suburban', 'mall', 'office', 'offices', 'apartment', 'apartments', 'highway', 'freeway', 'airport', 'subway', 'metro', 'startup', 'startups', 'corporate', 'police', 'hospital', 'high school', 'nightclub', 'diner', 'motel', 'supermarket', 'skyscraper', 'skyscrapers', 'condo', 'downtown', 'cafe', 'coffee shop', 'car', 'cars', 'truck', 'trucks', 'phone', 'phones', 'gym', 'campus', 'parking', 'tech', 'influencer', 'influencers', 'gas station', 'trailer park', 'housing estate', 'tower block', 'commuter'];
export const PREMODERN_WORDS: readonly string[] = ['village', 'hamlet', 'castle', 'keep', 'kingdom', 'realm', 'manor', 'knight', 'knights', 'lord', 'lords', 'serf', 'serfs', 'peasant', 'peasants', 'tavern', 'inn', 'monastery', 'abbey', 'tribe', 'tribes', 'clan', 'clans', 'chieftain', 'blacksmith', 'farmstead', 'steading', 'longhouse', 'king', 'queen', 'duke', 'baron', 'squire', 'jarl', 'mill', 'forge', 'caravan', 'oasis', 'sultan', 'emperor', 'empire'];

/** Default era when nothing else dates the description, by setting (documented rule). */
export const SETTING_DEFAULT_ERA: Readonly<Record<SettingId, EraId>> = {
  village: 'medieval',
  town: 'contemporary',
  city: 'contemporary',
  port: 'early-modern',
  ship: 'early-modern',
  station: 'contemporary',
  colony: 'early-modern',
  caravan: 'medieval',
  archipelago: 'medieval',
  habitat: 'near-future',
  camp: 'medieval',
  court: 'medieval',
  suburb: 'contemporary',
  settlement: 'medieval',
};

/**
 * A place, people or period the description may name. `words`: lower case, spaces for
 * hyphens, plural forms listed. `region`: the canonical name reported as the region (null for
 * peoples and periods). `era` + `strength`: a period cue (higher strength wins; an explicit
 * year is 100, space implication 40). `cultures`: the cast's naming mix; `byEra` / `byContext`
 * replace it when the era is one of `eras` or the description has one of `words`.
 */
export interface Cue {
  words: readonly string[];
  region: string | null;
  kind: 'city' | 'region' | 'country' | 'space' | 'route' | 'islands' | 'people' | 'period';
  cultures: Mix;
  era?: EraId;
  strength?: number;
  byEra?: ReadonlyArray<{ eras: readonly EraId[]; cultures: Mix }>;
  byContext?: ReadonlyArray<{ words: readonly string[]; cultures: Mix; region?: string }>;
}

const OLD: readonly EraId[] = ['prehistoric', 'bronze-age', 'iron-age', 'classical'];
const PRE_MODERN: readonly EraId[] = [...OLD, 'medieval'];
const NIGERIA: Mix = { yoruba: 0.4, igbo: 0.25, hausa: 0.2, edo: 0.15 };
const NIGERIA_WORDS = ['nigeria', 'nigerian', 'lagos', 'benin', 'yoruba', 'igbo', 'hausa', 'niger delta', 'west africa', 'west african', 'edo people', 'edo state', 'bini', 'oba'];
const FRONTIER: Mix = { english: 0.55, spanish: 0.15, celtic: 0.18, chinese: 0.12 };
const US_MODERN: Mix = { english: 0.75, spanish: 0.15, celtic: 0.05, german: 0.05 };
const SILK: Mix = { persian: 0.3, mongolian: 0.2, chinese: 0.2, turkish: 0.15, arabic: 0.15 };
const MUGHAL: Mix = { persian: 0.5, indian: 0.4, arabic: 0.1 };
const FUTURE: Mix = { futuristic: 1 };
const place = (region: string, words: readonly string[], kind: Cue['kind'], cultures: Mix, extra: Partial<Cue> = {}): Cue => ({ words, region, kind, cultures, ...extra });
const people = (words: readonly string[], cultures: Mix, extra: Partial<Cue> = {}): Cue => ({ words, region: null, kind: 'people', cultures, ...extra });
const period = (words: readonly string[], era: EraId, strength: number, cultures: Mix = {}): Cue => ({ words, region: null, kind: 'period', cultures, era, strength });
const space = (region: string, words: readonly string[]): Cue => ({ words, region, kind: 'space', cultures: FUTURE });

export const CUES: readonly Cue[] = [
  // --- periods and time words -------------------------------------------------------
  period(['stone age', 'neolithic', 'paleolithic', 'palaeolithic', 'mesolithic', 'prehistoric', 'ice age', 'cave dwellers'], 'prehistoric', 30),
  period(['bronze age'], 'bronze-age', 30),
  period(['iron age'], 'iron-age', 30),
  period(['antiquity', 'classical antiquity', 'hellenistic', 'classical era'], 'classical', 30),
  period(['ancient'], 'classical', 15),
  period(['medieval', 'mediaeval', 'middle ages', 'dark ages', 'feudal', 'high middle ages'], 'medieval', 25),
  period(['renaissance'], 'early-modern', 30, { italian: 0.6, french: 0.2, german: 0.2 }),
  period(['tudor', 'elizabethan', 'puritan', 'puritans', 'colonial america', 'restoration england'], 'early-modern', 30, { english: 1 }),
  period(['age of sail', 'pirate', 'pirates', 'piracy', 'buccaneer', 'buccaneers', 'privateer', 'privateers', 'golden age of piracy'], 'early-modern', 28, { english: 0.5, spanish: 0.3, french: 0.2 }),
  period(['conquistador', 'conquistadors', 'conquistadores'], 'early-modern', 30, { spanish: 0.7, nahuatl: 0.3 }),
  period(['victorian', 'regency', 'georgian era', 'dickensian'], 'industrial', 30, { english: 1 }),
  period(['industrial revolution', 'industrial age', 'steampunk', 'gilded age'], 'industrial', 30),
  period(['wild west', 'old west', 'gold rush', 'frontier town', 'cowboy', 'cowboys'], 'industrial', 30, FRONTIER),
  period(['edwardian', 'belle epoque', 'jazz age', 'roaring twenties', 'prohibition', 'great depression', 'dust bowl', 'world war i', 'first world war', 'great war', 'dieselpunk'], 'early-20th', 30),
  period(['world war ii', 'second world war', 'wwii', 'ww2', 'cold war', 'atompunk', 'post war', 'postwar'], 'mid-20th', 30),
  period(['present day', 'contemporary', 'modern day', 'nowadays', "today's", 'present time'], 'contemporary', 50),
  period(['modern'], 'contemporary', 45),
  period(['near future', 'cyberpunk', 'solarpunk', 'dystopian'], 'near-future', 50),
  period(['far future', 'distant future', 'futuristic', 'space age', 'space opera'], 'far-future', 50),
  period(['edo period', 'edo era', 'tokugawa', 'tokugawa shogunate'], 'early-modern', 35, { japanese: 1 }),
  period(['sengoku', 'heian', 'kamakura', 'muromachi'], 'medieval', 35, { japanese: 1 }),
  period(['meiji'], 'industrial', 35, { japanese: 1 }),
  period(['han dynasty'], 'classical', 35, { chinese: 1 }),
  period(['tang dynasty', 'song dynasty', 'yuan dynasty'], 'medieval', 35, { chinese: 1 }),
  period(['ming dynasty', 'qing dynasty'], 'early-modern', 35, { chinese: 1 }),
  period(['joseon'], 'early-modern', 35, { korean: 1 }),
  period(['crusade', 'crusades', 'crusader', 'crusaders'], 'medieval', 30, { french: 0.4, 'medieval-british': 0.3, arabic: 0.3 }),
  period(['biblical', 'israelite', 'israelites'], 'iron-age', 30, { hebrew: 1 }),
  // --- peoples (era when the people belong to one period) ---------------------------
  people(['viking', 'vikings', 'norse', 'norsemen', 'jarl', 'longship', 'longships'], { norse: 1 }, { era: 'medieval', strength: 30 }),
  people(['anglo saxon', 'anglo saxons', 'saxon', 'saxons', 'norman', 'normans'], { 'medieval-british': 1 }, { era: 'medieval', strength: 30 }),
  people(['celtic', 'celts', 'druid', 'druids', 'gaelic', 'pictish', 'picts'], { celtic: 1 }),
  people(['roman', 'romans', 'legionary', 'legionaries', 'praetorian', 'centurion', 'centurions'], { latin: 1 }, { era: 'classical', strength: 30 }),
  people(['minoan', 'minoans', 'mycenaean', 'mycenaeans'], { 'ancient-greek': 1 }, { era: 'bronze-age', strength: 32 }),
  people(['spartan', 'spartans', 'athenian', 'athenians', 'hoplite', 'hoplites'], { 'ancient-greek': 1 }, { era: 'classical', strength: 30 }),
  people(['greek', 'greeks', 'hellenic'], { 'ancient-greek': 1 }),
  people(['byzantine'], { 'ancient-greek': 0.7, latin: 0.3 }, { era: 'medieval', strength: 30 }),
  people(['ottoman', 'ottomans', 'janissary', 'janissaries'], { turkish: 0.8, arabic: 0.2 }, { era: 'early-modern', strength: 30 }),
  people(['mughal', 'mughals', 'moghul'], MUGHAL, { era: 'early-modern', strength: 30 }),
  people(['persian', 'persians'], { persian: 1 }),
  people(['mongol', 'mongols', 'mongolian', 'khan', 'khanate', 'golden horde'], { mongolian: 0.85, turkish: 0.15 }, { era: 'medieval', strength: 28 }),
  people(['aztec', 'aztecs', 'mexica', 'nahua'], { nahuatl: 1 }, { era: 'medieval', strength: 30 }),
  people(['maya', 'mayan', 'mayans', 'olmec', 'toltec', 'mesoamerican'], { nahuatl: 1 }, { era: 'medieval', strength: 28 }),
  people(['inca', 'incas', 'incan', 'quechua'], { quechua: 1 }, { era: 'medieval', strength: 30 }),
  people(['polynesian', 'polynesians', 'maori', 'hawaiian', 'samoan', 'tongan', 'tahitian'], { polynesian: 1 }, { era: 'medieval', strength: 12 }),
  people(['swahili'], { swahili: 0.85, arabic: 0.15 }),
  people(['yoruba'], { yoruba: 1 }),
  people(['igbo', 'ibo'], { igbo: 1 }),
  people(['hausa', 'fulani'], { hausa: 1 }),
  people(['samurai', 'shogun', 'shogunate', 'ronin', 'daimyo', 'ninja', 'geisha'], { japanese: 1 }, { era: 'medieval', strength: 20 }),
  people(['cossack', 'cossacks', 'tsar', 'tsarist', 'boyar', 'boyars'], { russian: 1 }, { era: 'early-modern', strength: 20 }),
  people(['soviet', 'ussr', 'bolshevik', 'bolsheviks'], { russian: 1 }, { era: 'mid-20th', strength: 25 }),
  people(['pharaoh', 'pharaohs', 'pharaonic'], { arabic: 1 }, { era: 'bronze-age', strength: 30 }),
  people(['bedouin', 'sultan', 'sultanate', 'caliph', 'caliphate', 'emir', 'emirate'], { arabic: 1 }),
  people(['hebrew', 'jewish'], { hebrew: 1 }),
  people(['arab', 'arabic', 'arabian'], { arabic: 1 }),
  people(['elven', 'elves', 'dwarven', 'orcish'], { fantasy: 1 }),
  // --- space -------------------------------------------------------------------------
  space('Mars', ['mars', 'martian']),
  space('Europa', ['europa']),
  space('Titan', ['titan']),
  space('Ganymede', ['ganymede']),
  space('Callisto', ['callisto']),
  space('Io', ['io']),
  space('Enceladus', ['enceladus']),
  space('Venus', ['venus', 'venusian']),
  space('the Moon', ['the moon', 'luna', 'lunar']),
  space('Ceres', ['ceres']),
  space('the asteroid belt', ['asteroid belt', 'the belt']),
  space('Jupiter', ['jupiter', 'jovian']),
  space('Saturn', ['saturn']),
  space('Neptune', ['neptune']),
  space('Pluto', ['pluto']),
  space('Tau Ceti', ['tau ceti']),
  space('Alpha Centauri', ['alpha centauri']),
  space('Proxima Centauri', ['proxima centauri', 'proxima b', 'proxima']),
  space('TRAPPIST-1', ['trappist 1', 'trappist']),
  space('Epsilon Eridani', ['epsilon eridani']),
  space("Barnard's Star", ["barnard's star"]),
  space('Sirius', ['sirius']),
  space('Andromeda', ['andromeda']),
  space('the Kuiper Belt', ['kuiper belt']),
  // --- Britain and Ireland -------------------------------------------------------------
  place('Britain', ['britain', 'british', 'great britain', 'england', 'english', 'anglia', 'wessex', 'mercia', 'northumbria', 'cornwall', 'kent', 'sussex', 'devon', 'cumbria'], 'country', { english: 1 }, { byEra: [{ eras: PRE_MODERN, cultures: { 'medieval-british': 1 } }] }),
  place('northern Britain', ['northern britain', 'northern england', 'north of england', 'yorkshire', 'the north country', 'northumberland'], 'region', { english: 1 }, { byEra: [{ eras: PRE_MODERN, cultures: { 'medieval-british': 0.8, celtic: 0.2 } }] }),
  place('London', ['london'], 'city', { english: 0.8, indian: 0.1, celtic: 0.1 }, { byEra: [{ eras: PRE_MODERN, cultures: { 'medieval-british': 1 } }, { eras: ['early-modern', 'industrial', 'early-20th'], cultures: { english: 0.9, celtic: 0.1 } }] }),
  place('Manchester', ['manchester', 'liverpool', 'birmingham', 'leeds', 'sheffield', 'bristol'], 'city', { english: 0.85, celtic: 0.15 }),
  place("Hadrian's Wall", ["hadrian's wall", 'hadrians wall', 'britannia'], 'region', { latin: 0.55, celtic: 0.45 }),
  place('Scotland', ['scotland', 'scottish', 'highlands', 'scottish highlands', 'edinburgh', 'glasgow', 'hebrides', 'orkney'], 'country', { celtic: 0.8, english: 0.2 }, { byEra: [{ eras: PRE_MODERN, cultures: { celtic: 0.85, norse: 0.15 } }] }),
  place('Ireland', ['ireland', 'irish', 'dublin', 'galway', 'ulster', 'belfast'], 'country', { celtic: 1 }),
  place('Wales', ['wales', 'welsh', 'cardiff'], 'country', { celtic: 1 }),
  // --- North America ---------------------------------------------------------------------
  place('New England', ['new england', 'massachusetts', 'nantucket', 'maine', 'vermont', 'connecticut', 'rhode island', 'salem', 'boston', 'cape cod'], 'region', { english: 0.85, celtic: 0.15 }, { byEra: [{ eras: ['late-20th', 'contemporary', 'near-future'], cultures: { english: 0.7, celtic: 0.15, italian: 0.1, portuguese: 0.05 } }] }),
  place('Nevada', ['nevada', 'virginia city', 'carson city', 'comstock'], 'region', US_MODERN, { byEra: [{ eras: ['industrial', 'early-20th'], cultures: FRONTIER }] }),
  place('Las Vegas', ['las vegas', 'vegas', 'reno'], 'city', US_MODERN),
  place('California', ['california', 'san francisco', 'sacramento'], 'region', { english: 0.6, spanish: 0.2, chinese: 0.1, korean: 0.05, vietnamese: 0.05 }, { byEra: [{ eras: ['industrial'], cultures: { english: 0.5, spanish: 0.2, chinese: 0.15, celtic: 0.15 } }] }),
  place('Los Angeles', ['los angeles', 'hollywood'], 'city', { english: 0.5, spanish: 0.35, korean: 0.1, chinese: 0.05 }),
  place('Texas', ['texas', 'houston', 'dallas', 'el paso', 'san antonio', 'arizona', 'new mexico', 'tucson', 'santa fe'], 'region', { english: 0.6, spanish: 0.4 }),
  place('the Midwest', ['midwest', 'the midwest', 'iowa', 'ohio', 'indiana', 'kansas', 'nebraska', 'illinois', 'wisconsin', 'minnesota', 'michigan', 'missouri'], 'region', { english: 0.75, german: 0.15, celtic: 0.1 }),
  place('Chicago', ['chicago'], 'city', { english: 0.55, celtic: 0.15, italian: 0.1, german: 0.1, spanish: 0.1 }, { byEra: [{ eras: ['industrial', 'early-20th'], cultures: { english: 0.4, celtic: 0.25, italian: 0.2, german: 0.15 } }] }),
  place('Detroit', ['detroit', 'cleveland', 'pittsburgh'], 'city', { english: 0.75, celtic: 0.1, italian: 0.1, german: 0.05 }),
  place('New York', ['new york', 'manhattan', 'brooklyn', 'harlem', 'the bronx'], 'city', { english: 0.5, celtic: 0.1, italian: 0.15, spanish: 0.15, chinese: 0.1 }),
  place('New Orleans', ['new orleans', 'louisiana', 'bayou'], 'city', { english: 0.55, french: 0.3, spanish: 0.15 }),
  place('Appalachia', ['appalachia', 'appalachian', 'kentucky', 'tennessee', 'west virginia'], 'region', { english: 0.7, celtic: 0.3 }),
  place('the American South', ['deep south', 'alabama', 'mississippi', 'carolina', 'virginia'], 'region', { english: 0.85, celtic: 0.15 }),
  place('Florida', ['florida', 'miami'], 'region', { english: 0.5, spanish: 0.5 }),
  place('Alaska', ['alaska', 'yukon', 'klondike'], 'region', { english: 0.7, celtic: 0.15, norse: 0.15 }),
  place('America', ['america', 'american', 'usa', 'united states'], 'country', US_MODERN),
  place('Canada', ['canada', 'canadian', 'toronto', 'vancouver', 'ontario'], 'country', { english: 0.7, french: 0.2, celtic: 0.1 }),
  place('Quebec', ['quebec', 'montreal', 'new france'], 'region', { french: 0.9, english: 0.1 }),
  // --- Latin America -----------------------------------------------------------------------
  place('Tenochtitlan', ['tenochtitlan', 'texcoco', 'lake texcoco', 'anahuac'], 'city', { nahuatl: 1 }, { era: 'medieval', strength: 28 }),
  place('Mexico', ['mexico', 'mexican', 'mexico city', 'oaxaca', 'yucatan', 'guadalajara'], 'country', { spanish: 0.85, nahuatl: 0.15 }, { byEra: [{ eras: PRE_MODERN, cultures: { nahuatl: 1 } }] }),
  place('the Andes', ['andes', 'the andes', 'andean', 'cusco', 'cuzco', 'machu picchu', 'titicaca', 'tawantinsuyu'], 'region', { quechua: 0.6, spanish: 0.4 }, { byEra: [{ eras: PRE_MODERN, cultures: { quechua: 1 } }] }),
  place('Peru', ['peru', 'peruvian', 'lima', 'bolivia', 'la paz', 'potosi'], 'country', { spanish: 0.65, quechua: 0.35 }, { byEra: [{ eras: PRE_MODERN, cultures: { quechua: 1 } }] }),
  place('the Caribbean', ['caribbean', 'the caribbean', 'jamaica', 'tortuga', 'port royal', 'barbados', 'hispaniola', 'cuba', 'havana', 'puerto rico', 'the spanish main'], 'region', { spanish: 0.45, english: 0.35, french: 0.2 }),
  place('Brazil', ['brazil', 'brazilian', 'rio de janeiro', 'rio', 'sao paulo', 'bahia', 'amazon', 'amazonia', 'favela'], 'country', { portuguese: 0.9, spanish: 0.1 }),
  place('Argentina', ['argentina', 'buenos aires', 'patagonia', 'chile', 'santiago', 'colombia', 'bogota', 'venezuela', 'caracas', 'uruguay', 'latin america'], 'country', { spanish: 0.85, italian: 0.1, german: 0.05 }),
  // --- Europe ------------------------------------------------------------------------------
  place('Rome', ['rome', 'pompeii', 'ostia', 'latium', 'the roman empire', 'roman empire', 'roman republic'], 'city', { italian: 1 }, { byEra: [{ eras: OLD, cultures: { latin: 1 } }] }),
  place('Gaul', ['gaul', 'gallia'], 'region', { celtic: 0.6, latin: 0.4 }, { era: 'classical', strength: 30 }),
  place('Italy', ['italy', 'italian', 'venice', 'venetian', 'florence', 'florentine', 'milan', 'naples', 'genoa', 'tuscany', 'sicily', 'sicilian', 'sardinia'], 'country', { italian: 1 }, { byEra: [{ eras: OLD, cultures: { latin: 1 } }] }),
  place('France', ['france', 'french', 'paris', 'parisian', 'lyon', 'marseille', 'bordeaux', 'provence', 'normandy', 'brittany', 'burgundy', 'versailles'], 'country', { french: 1 }, { byEra: [{ eras: OLD, cultures: { celtic: 0.6, latin: 0.4 } }] }),
  place('Spain', ['spain', 'spanish', 'castile', 'madrid', 'barcelona', 'seville', 'toledo', 'aragon', 'galicia'], 'country', { spanish: 1 }, { byEra: [{ eras: OLD, cultures: { latin: 0.7, celtic: 0.3 } }] }),
  place('al-Andalus', ['al andalus', 'andalusia', 'cordoba', 'granada'], 'region', { spanish: 0.6, arabic: 0.4 }, { byEra: [{ eras: ['medieval'], cultures: { arabic: 0.55, spanish: 0.3, hebrew: 0.15 } }] }),
  place('Portugal', ['portugal', 'portuguese', 'lisbon', 'porto'], 'country', { portuguese: 1 }),
  place('Germany', ['germany', 'german', 'prussia', 'prussian', 'bavaria', 'bavarian', 'berlin', 'hamburg', 'munich', 'cologne', 'frankfurt', 'saxony', 'rhine', 'rhineland', 'black forest', 'hanseatic', 'lubeck', 'austria', 'austrian', 'vienna', 'switzerland', 'swiss', 'holy roman empire', 'netherlands', 'dutch', 'holland', 'amsterdam', 'flanders', 'flemish'], 'country', { german: 1 }),
  place('Scandinavia', ['scandinavia', 'scandinavian', 'norway', 'norwegian', 'sweden', 'swedish', 'denmark', 'danish', 'danelaw', 'uppsala', 'kattegat', 'fjord', 'fjords', 'greenland', 'faroe', 'vinland'], 'region', { norse: 1 }),
  place('Iceland', ['iceland', 'icelandic', 'reykjavik', 'thingvellir'], 'country', { norse: 1 }),
  place('Russia', ['russia', 'russian', 'moscow', 'muscovy', 'siberia', 'siberian', 'novgorod', 'kiev', 'kyiv', 'rus', 'petersburg', 'st petersburg', 'leningrad', 'volga', 'ukraine', 'poland', 'polish', 'warsaw', 'prague', 'bohemia'], 'country', { russian: 1 }),
  place('Greece', ['greece', 'athens', 'sparta', 'corinth', 'thebes', 'delphi', 'olympus', 'aegean', 'troy', 'trojan', 'ithaca', 'macedon', 'macedonia', 'cyclades', 'rhodes', 'mycenae'], 'country', { 'ancient-greek': 1 }),
  place('Crete', ['crete', 'cretan', 'knossos', 'phaistos'], 'islands', { 'ancient-greek': 1 }),
  place('Constantinople', ['constantinople', 'byzantium'], 'city', { 'ancient-greek': 0.7, latin: 0.15, turkish: 0.15 }, { byEra: [{ eras: ['early-modern', 'industrial'], cultures: { turkish: 0.7, 'ancient-greek': 0.15, arabic: 0.15 } }] }),
  place('Istanbul', ['istanbul', 'turkey', 'anatolia', 'anatolian', 'ankara', 'izmir', 'smyrna'], 'country', { turkish: 1 }),
  // --- Middle East, Central and South Asia -------------------------------------------------
  place('the Silk Road', ['silk road', 'silk roads', 'silk route'], 'route', SILK),
  place('Samarkand', ['samarkand', 'bukhara', 'transoxiana', 'khiva', 'merv', 'kashgar'], 'city', { persian: 0.5, turkish: 0.3, arabic: 0.2 }),
  place('Mongolia', ['mongolia', 'karakorum', 'gobi'], 'country', { mongolian: 1 }),
  place('Persia', ['persia', 'iran', 'iranian', 'isfahan', 'tehran', 'shiraz', 'persepolis', 'tabriz', 'khorasan', 'afghanistan', 'kabul', 'herat'], 'country', { persian: 1 }),
  place('Mesopotamia', ['mesopotamia', 'babylon', 'babylonian', 'sumer', 'sumerian', 'ur', 'nineveh', 'assyria', 'assyrian', 'akkad'], 'region', { persian: 0.4, arabic: 0.4, hebrew: 0.2 }),
  place('Baghdad', ['baghdad', 'basra', 'iraq', 'damascus', 'syria', 'aleppo', 'beirut', 'lebanon', 'mecca', 'medina', 'arabia', 'yemen', 'oman', 'muscat', 'dubai', 'riyadh', 'petra', 'jordan'], 'city', { arabic: 1 }),
  place('Jerusalem', ['jerusalem', 'israel', 'judea', 'judaea', 'galilee', 'canaan', 'tel aviv', 'nazareth', 'bethlehem', 'jericho'], 'region', { hebrew: 0.8, arabic: 0.2 }, { byEra: [{ eras: ['classical'], cultures: { hebrew: 0.75, latin: 0.15, 'ancient-greek': 0.1 } }, { eras: ['medieval', 'early-modern', 'industrial'], cultures: { arabic: 0.6, hebrew: 0.3, french: 0.1 } }] }),
  place('Egypt', ['egypt', 'egyptian', 'cairo', 'alexandria', 'nile', 'the nile', 'luxor', 'giza'], 'country', { arabic: 1 }, { byEra: [{ eras: ['classical'], cultures: { arabic: 0.5, 'ancient-greek': 0.3, latin: 0.2 } }] }),
  place('Carthage', ['carthage', 'carthaginian', 'phoenicia', 'phoenician', 'tyre', 'sidon'], 'city', { hebrew: 0.5, arabic: 0.5 }, { era: 'classical', strength: 28 }),
  place('the Maghreb', ['maghreb', 'morocco', 'moroccan', 'marrakesh', 'fez', 'casablanca', 'tunis', 'tunisia', 'algiers', 'algeria', 'tangier', 'sahara', 'saharan'], 'region', { arabic: 0.9, french: 0.1 }, { byEra: [{ eras: PRE_MODERN, cultures: { arabic: 1 } }] }),
  place('Delhi', ['delhi', 'agra', 'fatehpur sikri', 'lahore', 'hindustan', 'mughal india', 'mughal empire'], 'city', { indian: 0.85, persian: 0.1, arabic: 0.05 }, { byEra: [{ eras: ['medieval', 'early-modern'], cultures: MUGHAL }] }),
  place('India', ['india', 'indian subcontinent', 'mumbai', 'bombay', 'bengal', 'calcutta', 'kolkata', 'madras', 'chennai', 'bangalore', 'bengaluru', 'hyderabad', 'rajasthan', 'jaipur', 'kerala', 'varanasi', 'benares', 'punjab', 'gujarat', 'deccan', 'nepal', 'kathmandu', 'sri lanka', 'ceylon', 'bangladesh', 'dhaka', 'pakistan', 'karachi'], 'country', { indian: 1 }),
  place('Goa', ['goa'], 'region', { indian: 0.7, portuguese: 0.3 }),
  // --- East and Southeast Asia --------------------------------------------------------------
  place('Japan', ['japan', 'japanese', 'nippon', 'kyoto', 'osaka', 'nara', 'hokkaido', 'okinawa', 'yokohama', 'nagasaki', 'hiroshima', 'kamakura', 'nakasendo', 'tokaido', 'kanto', 'honshu', 'kyushu'], 'country', { japanese: 1 }),
  place('Tokyo', ['tokyo'], 'city', { japanese: 1 }),
  place('Edo', ['edo'], 'city', { japanese: 1 }, { byContext: [{ words: NIGERIA_WORDS, cultures: { edo: 0.8, yoruba: 0.2 }, region: 'Edo' }] }),
  place('China', ['china', 'chinese', 'beijing', 'peking', 'shanghai', 'canton', 'guangzhou', 'nanjing', 'xian', "xi'an", "chang'an", 'changan', 'chongqing', 'sichuan', 'yangtze', 'shenzhen', 'forbidden city', 'taiwan', 'taipei', 'tibet', 'manchuria'], 'country', { chinese: 1 }),
  place('Hong Kong', ['hong kong', 'kowloon', 'macau', 'singapore'], 'city', { chinese: 0.8, english: 0.1, indian: 0.1 }),
  place('Korea', ['korea', 'korean', 'seoul', 'busan', 'incheon', 'pyongyang', 'goryeo', 'silla'], 'country', { korean: 1 }),
  place('Vietnam', ['vietnam', 'vietnamese', 'hanoi', 'saigon', 'ho chi minh city', 'mekong', 'annam', 'cambodia', 'angkor', 'thailand', 'siam', 'bangkok', 'laos', 'burma', 'myanmar'], 'country', { vietnamese: 0.7, chinese: 0.2, indian: 0.1 }),
  place('the Philippines', ['philippines', 'manila', 'luzon'], 'country', { spanish: 0.6, chinese: 0.2, english: 0.2 }),
  place('Indonesia', ['indonesia', 'java', 'bali', 'sumatra', 'borneo', 'spice islands', 'moluccas', 'malacca', 'malaysia', 'kuala lumpur'], 'islands', { indian: 0.4, arabic: 0.3, chinese: 0.2, portuguese: 0.1 }),
  // --- Africa --------------------------------------------------------------------------------
  place('Lagos', ['lagos'], 'city', NIGERIA),
  place('Nigeria', ['nigeria', 'nigerian', 'abuja', 'port harcourt', 'niger delta'], 'country', NIGERIA),
  place('Ibadan', ['ibadan', 'oyo', 'ife', 'ile ife', 'abeokuta', 'yorubaland', 'ogbomosho'], 'city', { yoruba: 0.85, igbo: 0.05, hausa: 0.05, edo: 0.05 }),
  place('Enugu', ['enugu', 'onitsha', 'owerri', 'igboland', 'biafra', 'nri'], 'city', { igbo: 0.85, yoruba: 0.08, hausa: 0.07 }),
  place('Kano', ['kano', 'kaduna', 'sokoto', 'zaria', 'katsina', 'hausaland'], 'city', { hausa: 0.85, arabic: 0.05, yoruba: 0.05, igbo: 0.05 }),
  place('Benin City', ['benin city', 'kingdom of benin', 'benin kingdom', 'edo state', 'benin'], 'city', { edo: 0.8, yoruba: 0.2 }),
  place('West Africa', ['west africa', 'west african', 'ghana', 'accra', 'kumasi', 'dahomey', 'togo'], 'region', { yoruba: 0.35, hausa: 0.3, igbo: 0.2, edo: 0.15 }),
  place('Timbuktu', ['timbuktu', 'mali', 'songhai', 'gao', 'djenne'], 'city', { arabic: 0.5, hausa: 0.5 }),
  place('the Swahili coast', ['swahili coast', 'zanzibar', 'mombasa', 'kilwa', 'lamu', 'malindi', 'kenya', 'kenyan', 'nairobi', 'tanzania', 'dar es salaam', 'east africa', 'uganda'], 'region', { swahili: 0.8, arabic: 0.12, indian: 0.08 }),
  place('Ethiopia', ['ethiopia', 'abyssinia', 'addis ababa', 'axum', 'aksum'], 'country', { hebrew: 0.4, arabic: 0.6 }),
  place('Congo', ['congo', 'kinshasa'], 'country', { french: 0.4, swahili: 0.6 }),
  place('South Africa', ['south africa', 'cape town', 'johannesburg', 'transvaal', 'natal'], 'country', { english: 0.6, german: 0.2, swahili: 0.2 }),
  // --- Oceania --------------------------------------------------------------------------------
  place('Polynesia', ['polynesia', 'tahiti', 'samoa', 'tonga', 'rapa nui', 'easter island', 'marquesas', 'fiji', 'pacific islands', 'south seas', 'south pacific'], 'islands', { polynesian: 1 }),
  place('Hawaii', ['hawaii', "hawai'i", 'honolulu', 'oahu', 'maui'], 'islands', { polynesian: 0.5, english: 0.3, japanese: 0.2 }, { byEra: [{ eras: [...PRE_MODERN, 'early-modern'], cultures: { polynesian: 1 } }] }),
  place('New Zealand', ['new zealand', 'aotearoa', 'auckland', 'wellington'], 'country', { english: 0.65, polynesian: 0.35 }, { byEra: [{ eras: [...PRE_MODERN, 'early-modern'], cultures: { polynesian: 1 } }] }),
  place('Australia', ['australia', 'australian', 'sydney', 'melbourne', 'outback', 'queensland'], 'country', { english: 0.8, celtic: 0.1, italian: 0.05, chinese: 0.05 }),
];

/** Cue words that are adjectives of a people, not place names: they give cultures, never the region. */
export const DEMONYMS: readonly string[] = ['english', 'british', 'scottish', 'irish', 'welsh', 'american', 'canadian', 'mexican', 'peruvian', 'brazilian', 'french', 'parisian', 'spanish', 'portuguese', 'german', 'prussian', 'bavarian', 'austrian', 'swiss', 'dutch', 'flemish', 'italian', 'venetian', 'florentine', 'sicilian', 'norwegian', 'swedish', 'danish', 'icelandic', 'scandinavian', 'russian', 'siberian', 'japanese', 'chinese', 'korean', 'vietnamese', 'nigerian', 'cretan', 'egyptian', 'iranian', 'anatolian', 'andean', 'babylonian', 'assyrian', 'sumerian', 'carthaginian', 'phoenician', 'martian', 'venusian', 'jovian', 'lunar', 'kenyan', 'west african', 'trojan', 'moroccan', 'saharan', 'australian', 'hanseatic', 'polish', 'flemish', 'hawaiian', 'mexica', 'hellenic', 'peruvian', 'appalachian'];

/** Setting nouns (singular lemma) -> setting; `space` variants apply in a space context. */
export const SETTING_NOUNS: Readonly<Record<string, SettingId>> = {
  village: 'village', hamlet: 'village', kampung: 'village', thorp: 'village',
  town: 'town', boomtown: 'town', township: 'town', burgh: 'town', borough: 'town', outpost: 'camp',
  city: 'city', metropolis: 'city', megacity: 'city', megalopolis: 'city', capital: 'city', arcology: 'city', 'city-state': 'city', sprawl: 'city',
  port: 'port', harbour: 'port', harbor: 'port', seaport: 'port', dock: 'port', docks: 'port', wharf: 'port', spaceport: 'port', shipyard: 'port', shipyards: 'port',
  ship: 'ship', starship: 'ship', spaceship: 'ship', vessel: 'ship', galleon: 'ship', freighter: 'ship', ark: 'ship', submarine: 'ship', fleet: 'ship', flotilla: 'ship', boat: 'ship', airship: 'ship', longship: 'ship', cruiser: 'ship', frigate: 'ship', canoe: 'ship', liner: 'ship', steamer: 'ship',
  station: 'station', platform: 'station', base: 'camp', rig: 'station', starbase: 'station',
  colony: 'colony',
  caravan: 'caravan', convoy: 'caravan', caravanserai: 'caravan',
  archipelago: 'archipelago', islands: 'archipelago', atoll: 'archipelago', isles: 'archipelago',
  habitat: 'habitat', dome: 'habitat', biodome: 'habitat', vault: 'habitat', bunker: 'habitat',
  camp: 'camp', encampment: 'camp', fort: 'camp', fortress: 'camp', barracks: 'camp', garrison: 'camp', castrum: 'camp', stockade: 'camp', bivouac: 'camp',
  court: 'court', palace: 'court', castle: 'court', citadel: 'court',
  suburb: 'suburb', suburbs: 'suburb', suburbia: 'suburb', 'cul-de-sac': 'suburb', subdivision: 'suburb',
  settlement: 'settlement', steading: 'settlement', homestead: 'settlement', commune: 'settlement', enclave: 'settlement', kingdom: 'settlement', realm: 'settlement',
};
/** Setting nouns that change in a space context ("orbital shipyard" is a station). */
export const SPACE_SETTING: Readonly<Record<string, SettingId>> = { shipyard: 'station', shipyards: 'station', base: 'station', outpost: 'station', platform: 'station', dock: 'station', docks: 'station', ring: 'station' };
/** An activity a setting noun implies ("shipyard" -> "shipbuilding"). */
export const SETTING_ACTIVITY: Readonly<Record<string, string>> = { shipyard: 'shipbuilding', shipyards: 'shipbuilding', mine: 'mining', mines: 'mining', fishery: 'fishing', farm: 'farming', plantation: 'farming', ranch: 'ranching', brewery: 'brewing', forge: 'smithing', quarry: 'quarrying' };

// --- Phrase role lexicons (singular lemmas, lower case) -----------------------------------
export const INSTITUTION_NOUNS: readonly string[] = ['guild', 'cartel', 'council', 'company', 'union', 'clan', 'order', 'court', 'syndicate', 'league', 'house', 'church', 'temple', 'navy', 'legion', 'tribe', 'corporation', 'crew', 'brotherhood', 'sisterhood', 'fellowship', 'society', 'cult', 'sect', 'gang', 'mafia', 'mob', 'dynasty', 'monastery', 'abbey', 'priory', 'convent', 'mosque', 'synagogue', 'shrine', 'academy', 'university', 'college', 'school', 'lodge', 'assembly', 'parliament', 'senate', 'committee', 'board', 'bank', 'firm', 'cooperative', 'co-op', 'collective', 'militia', 'army', 'guard', 'watch', 'regiment', 'patrol', 'police', 'brigade', 'club', 'band', 'party', 'faction', 'movement', 'ministry', 'bureau', 'agency', 'authority', 'directorate', 'consortium', 'conglomerate', 'megacorp', 'trust', 'hanse', 'shogunate', 'sultanate', 'caliphate', 'khanate', 'triad', 'yakuza', 'cabal', 'coven', 'alliance', 'federation', 'confederacy', 'association', 'chamber', 'dojo', 'seminary', 'embassy', 'posse', 'workhouse', 'priesthood', 'clergy', 'nobility', 'aristocracy', 'household', 'kinship', 'chapter', 'commission', 'tribunal', 'administration', 'government', 'regime', 'junta', 'empire', 'corps', 'cell', 'network', 'lab', 'laboratory', 'institute', 'mission', 'outfit', 'label', 'cathedral'];
/** Heads that make the whole phrase an activity ("highlife music scene", "caravan trade"). */
export const ACTIVITY_HEADS: readonly string[] = ['scene', 'trade', 'industry', 'business', 'work', 'craft', 'economy', 'boom', 'rush', 'festival', 'circuit', 'racket', 'expedition', 'pilgrimage', 'voyage', 'migration'];
/** Single activity words, as heads or modifiers. */
export const ACTIVITY_NOUNS: readonly string[] = ['research', 'science', 'shipbuilding', 'commerce', 'agriculture', 'husbandry', 'music', 'jazz', 'blues', 'highlife', 'afrobeat', 'juju', 'reggae', 'punk', 'disco', 'hip hop', 'opera', 'theatre', 'theater', 'dance', 'art', 'medicine', 'piracy', 'smuggling', 'pilgrimage', 'trade', 'railroad', 'railway', 'tourism', 'aquaculture', 'hydroponics', 'horticulture', 'viticulture', 'metallurgy', 'alchemy', 'astronomy', 'scholarship', 'warfare', 'espionage', 'diplomacy', 'finance', 'fashion', 'film', 'cinema', 'publishing', 'pottery', 'masonry', 'carpentry', 'forestry', 'salvage', 'terraforming', 'construction', 'manufacturing', 'industry', 'logistics', 'exploration', 'navigation', 'astronautics', 'robotics', 'genetics', 'biotech', 'oceanography', 'archaeology', 'falconry', 'sericulture', 'textile', 'textiles', 'crafts', 'education', 'politics', 'religion', 'worship', 'war', 'crime', 'gambling', 'rodeo', 'poetry', 'calligraphy', 'kabuki'];
/** -ing words that are not activities. */
export const NOT_ACTIVITY_ING: readonly string[] = ['thing', 'king', 'ring', 'wing', 'spring', 'string', 'sling', 'swing', 'evening', 'morning', 'building', 'ceiling', 'clothing', 'being', 'during', 'nothing', 'something', 'anything', 'everything', 'wedding', 'offspring', 'sibling', 'duckling', 'pudding', 'lightning', 'earring', 'herring', 'shilling', 'farthing', 'viking', 'darling', 'inkling', 'seedling', 'lodging', 'dwelling', 'awning', 'sapling', 'stocking', 'icing', 'railing', 'bedding', 'housing', 'landing', 'clearing', 'crossing', 'opening', 'beginning', 'ending', 'feeling', 'meaning', 'setting', 'uprising', 'gathering', 'meeting', 'hearing', 'holding', 'painting', 'underling', 'halfling', 'starling', 'dumpling', 'fledgling', 'changeling', 'foundling', 'ling', 'spring', 'sterling', 'wellbeing', 'belonging', 'belongings', 'outing', 'leading', 'following', 'ruling', 'surrounding', 'surroundings', 'neighbouring', 'neighboring', 'bustling', 'thriving', 'sprawling', 'struggling', 'dying', 'living', 'floating', 'orbiting', 'drifting', 'growing', 'booming', 'declining', 'rising', 'looming', 'shining', 'burning', 'crumbling', 'flourishing', 'teeming', 'sweltering', 'freezing', 'amazing', 'interesting', 'charming'];
/** Named or described places (heads). */
export const PLACE_NOUNS: readonly string[] = ['reservoir', 'road', 'street', 'highway', 'river', 'canal', 'bridge', 'wall', 'gate', 'fort', 'fortress', 'castle', 'keep', 'tower', 'market', 'bazaar', 'souk', 'square', 'plaza', 'harbour', 'harbor', 'dock', 'wharf', 'pier', 'quay', 'bay', 'coast', 'shore', 'beach', 'island', 'isle', 'valley', 'mountain', 'hill', 'ridge', 'pass', 'forest', 'wood', 'jungle', 'desert', 'dune', 'oasis', 'plain', 'steppe', 'tundra', 'glacier', 'fjord', 'lake', 'sea', 'ocean', 'reef', 'swamp', 'marsh', 'delta', 'cave', 'cavern', 'mine', 'quarry', 'mill', 'forge', 'foundry', 'factory', 'tavern', 'inn', 'saloon', 'well', 'farm', 'ranch', 'plantation', 'orchard', 'district', 'quarter', 'ward', 'slum', 'neighbourhood', 'neighborhood', 'downtown', 'mall', 'arcade', 'bar', 'diner', 'motel', 'hotel', 'dome', 'deck', 'airlock', 'hangar', 'belt', 'orbit', 'crater', 'canyon', 'mesa', 'prairie', 'frontier', 'border', 'borderland', 'outskirts', 'rooftop', 'tunnel', 'sewer', 'ruin', 'ruins', 'wasteland', 'coastline', 'lagoon', 'atoll', 'volcano', 'garden', 'citadel', 'acropolis', 'forum', 'agora', 'arena', 'colosseum', 'amphitheatre', 'lighthouse', 'hall', 'longhouse', 'trail', 'route', 'track', 'line', 'highland', 'lowland', 'moor', 'heath', 'fen', 'borough', 'estuary', 'cliff', 'peak', 'mountains', 'hills', 'woods', 'plains', 'wastes', 'marketplace', 'crossroads', 'ford', 'waterfront', 'boardwalk', 'promenade', 'causeway', 'aqueduct', 'cistern', 'spring', 'geyser', 'basin', 'gorge', 'shelf', 'trench', 'seabed', 'seafloor', 'sector', 'module', 'hub', 'spire', 'arcology', 'undercity', 'megablock', 'block', 'estate', 'park', 'lot', 'yard'];
/** Resource words (modifiers or heads). */
export const RESOURCE_NOUNS: readonly string[] = ['water', 'ice', 'silk', 'spice', 'ore', 'oil', 'salt', 'grain', 'rice', 'wheat', 'barley', 'timber', 'lumber', 'gold', 'silver', 'copper', 'tin', 'iron', 'coal', 'gas', 'fuel', 'oxygen', 'air', 'power', 'energy', 'land', 'cattle', 'horse', 'fur', 'amber', 'ivory', 'tea', 'coffee', 'sugar', 'tobacco', 'cotton', 'wool', 'wine', 'opium', 'jade', 'pearl', 'rubber', 'uranium', 'helium', 'helium-3', 'deuterium', 'lithium', 'data', 'scrap', 'incense', 'frankincense', 'myrrh', 'olive', 'honey', 'seed', 'soil', 'food', 'ration', 'herb', 'diamond', 'gem', 'emerald', 'ruby', 'guano', 'peat', 'marble', 'obsidian', 'bronze', 'whale oil', 'whalebone', 'spermaceti', 'ambergris', 'salt fish', 'cod', 'saffron', 'pepper', 'cinnamon', 'porcelain', 'dye', 'indigo', 'flax', 'hemp', 'clay', 'stone', 'rare earths', 'ice water', 'algae', 'krill', 'protein', 'medicine', 'antibiotics', 'ammunition', 'petrol', 'gasoline', 'electricity', 'bandwidth', 'credit', 'cocoa', 'kola', 'palm oil', 'cassava', 'yam', 'maize', 'potato', 'llama', 'alpaca', 'obsidian', 'copra', 'taro', 'breadfruit', 'fish', 'whale', 'seal', 'beaver'];
/** Heads that make the whole phrase a resource ("water rights", "ice claims"). */
export const RESOURCE_HEADS: readonly string[] = ['right', 'rights', 'supply', 'supplies', 'reserve', 'reserves', 'ration', 'rations', 'store', 'stores', 'deposit', 'deposits', 'claim', 'claims', 'quota', 'quotas', 'shortage', 'field', 'fields', 'vein', 'veins', 'lode', 'seam', 'harvest', 'allotment', 'allowance', 'cache'];

/** Era words dropped from phrases ("medieval village" -> "village"). */
export const ERA_PHRASE_WORDS: readonly string[] = ['medieval', 'mediaeval', 'feudal', 'modern', 'ancient', 'contemporary', 'present-day', 'modern-day', 'futuristic', 'near-future', 'far-future', 'prehistoric', 'neolithic', 'paleolithic', 'cyberpunk', 'steampunk', 'solarpunk', 'dieselpunk', 'post-apocalyptic', 'postapocalyptic', 'dystopian', 'utopian', 'century', 'centuries', 'bc', 'bce', 'ad', 'ce', 'circa'];
/** Era word pairs dropped from phrases: a first word before a head ("Bronze Age", "near future", "Edo period"). */
export const ERA_PAIR_FIRST: readonly string[] = ['bronze', 'iron', 'stone', 'near', 'far', 'distant', 'present', 'late', 'early', 'mid', 'middle', 'dark', 'ice', 'space', 'modern', 'gilded', 'jazz', 'viking', 'edo', 'victorian', 'atomic', 'information'];
export const ERA_PAIR_HEADS: readonly string[] = ['age', 'ages', 'future', 'day', 'era', 'period', 'times'];

/** Words that always end a noun phrase. */
export const DETERMINERS: readonly string[] = ['a', 'an', 'the', 'some', 'its', 'their', 'his', 'her', 'our', 'my', 'your', 'this', 'that', 'these', 'those', 'every', 'each', 'many', 'several', 'few', 'all', 'both', 'any', 'no', 'one', 'two', 'three', 'another', 'other', 'whose', 'such', 'more', 'most', 'much', 'less'];
export const PREPOSITIONS: readonly string[] = ['in', 'on', 'at', 'above', 'below', 'over', 'under', 'near', 'beside', 'around', 'along', 'across', 'through', 'by', 'of', 'to', 'from', 'with', 'within', 'without', 'beyond', 'toward', 'towards', 'among', 'amid', 'amidst', 'between', 'off', 'outside', 'inside', 'upon', 'after', 'before', 'during', 'circa', 'into', 'onto', 'for', 'against', 'behind', 'beneath', 'underneath', 'orbiting', 'aboard', 'atop', 'past', 'since', 'until', 'via', 'about', 'like', 'per', 'around', 'throughout', 'across'];
/** Prepositions after which a phrase is a place ("on Crete", "above Europa"). */
export const PLACE_PREPOSITIONS: readonly string[] = ['in', 'on', 'at', 'above', 'below', 'over', 'under', 'near', 'beside', 'around', 'along', 'across', 'through', 'to', 'from', 'within', 'beyond', 'toward', 'towards', 'off', 'outside', 'inside', 'upon', 'into', 'onto', 'behind', 'beneath', 'underneath', 'orbiting', 'aboard', 'atop', 'past', 'of'];
export const CONJUNCTIONS: readonly string[] = ['and', 'or', 'but', 'nor', 'where', 'which', 'who', 'whom', 'that', 'while', 'when', 'as', 'because', 'though', 'although', 'if', 'so', 'yet', 'whereas', 'until', 'unless', 'than', 'then', 'there', 'here', 'how', 'why', 'what', 'whether'];
export const PRONOUNS: readonly string[] = ['i', 'me', 'we', 'us', 'you', 'he', 'him', 'she', 'it', 'they', 'them', 'everyone', 'someone', 'anyone', 'nobody', 'everybody', 'somebody', 'itself', 'themselves'];
export const ADVERBS: readonly string[] = ['halfway', 'once', 'now', 'still', 'always', 'never', 'already', 'just', 'almost', 'nearly', 'mostly', 'only', 'even', 'also', 'very', 'quite', 'rather', 'barely', 'newly', 'recently', 'largely', 'long', 'far', 'deep', 'high', 'somewhere', 'not', 'too', 'ever', 'often', 'again', 'away', 'back', 'out', 'up', 'down', 'together', 'alone'];
/** Verbs that compromise tags as nouns in descriptions, or that are never phrase words. */
export const VERBS: readonly string[] = ['is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'built', 'founded', 'ruled', 'governed', 'lives', 'live', 'lived', 'fought', 'struggles', 'vie', 'vies', 'compete', 'competes', 'controls', 'controlled', 'owned', 'owns', 'dominates', 'dominated', 'holds', 'held', 'rebuilt', 'carved', 'nestled', 'perched', 'located', 'situated', 'surrounded', 'hidden', 'torn', 'divided', 'led', 'called', 'named', 'known', 'lies', 'lay', 'stands', 'stood', 'sits', 'sat', 'clings', 'grew', 'grows', 'thrives', 'survives', 'survived', 'depends', 'relies', 'awaits', 'faces', 'fears', 'can', 'could', 'will', 'would', 'shall', 'should', 'must', 'may', 'might', 'plagued', 'threatened', 'besieged', 'ravaged', 'powered', 'settled', 'claimed', 'patrolled', 'policed', 'managed', 'operated', 'funded', 'crewed', 'manned', 'gripped', 'caught', 'makes', 'make', 'made', 'gets', 'get', 'got', 'keeps', 'kept', 'seeks', 'sought', 'bound', 'heading', 'headed', 'becomes', 'became', 'remains', 'remained', 'vying', 'feuding', 'fighting', 'warring', 'competing', 'struggling', 'ruling'];
/** Ambiguous noun/verb words: a verb after a noun and before a preposition, determiner or "by". */
export const AMBIGUOUS_VERBS: readonly string[] = ['run', 'runs', 'rule', 'rules', 'fight', 'fights', 'war', 'wars', 'trade', 'trades', 'battle', 'battles', 'clash', 'clashes', 'struggle', 'control', 'own', 'work', 'works', 'hunt', 'hunts', 'mine', 'mines', 'farm', 'farms', 'guard', 'guards', 'watch', 'watches', 'serve', 'serves', 'split', 'set', 'cut', 'hold', 'race', 'races', 'dispute', 'disputes', 'compete', 'feud', 'feuds', 'squabble', 'squabbles', 'quarrel', 'quarrels', 'bicker', 'bickers', 'wage', 'wages'];
/** Titles before a proper name that make it a person, not a place. */
export const PERSON_TITLES: readonly string[] = ['king', 'queen', 'lord', 'lady', 'sir', 'emperor', 'empress', 'captain', 'duke', 'duchess', 'general', 'saint', 'st', 'prince', 'princess', 'baron', 'count', 'countess', 'pope', 'bishop', 'mr', 'mrs', 'ms', 'dr', 'doctor', 'professor', 'admiral', 'chief', 'sultan', 'khan', 'shah', 'pharaoh', 'tsar', 'czar', 'mayor', 'governor', 'president', 'commander'];
