/**
 * Authored world archetypes for the offline profile (a data file, longer than ~400 lines
 * on purpose): the keywords that recognise each kind of world and, for each, the people
 * it holds: social classes, 12-25 weighted occupations (some only for the young, the old,
 * one class or one gender), factions, faiths, temperaments, marriage customs, one yes/no
 * trait and the world's own words. world-profile.ts turns one of these into a Profile.
 *   import { ARCHETYPES } from './archetypes.js';
 *   ARCHETYPES.find((a) => a.id === 'medieval')!.terms[0] // 'the manor'
 * Cost: static data, loaded once.
 */
import type { NameCulture } from '../../core/profile-schema.js';

/** Conditions in authoring shorthand; world-profile.ts turns them into profile conditions. */
export interface When {
  classes?: readonly string[];
  genders?: readonly string[];
  minAge?: number;
  maxAge?: number;
  /** Values of the archetype's extra variable (fantasy: ancestry). */
  extra?: readonly string[];
}
/** [value, weight, conditions?] */
export type Opt = readonly [string, number, When?];

export interface OccupationGroup {
  /** Classes whose members may hold these occupations; null: anyone. */
  classes: readonly string[] | null;
  options: readonly Opt[];
}

export type ArchetypeId = 'medieval' | 'fantasy' | 'modern' | 'cyberpunk' | 'space' | 'wild-west' | 'pirate' | 'post-apocalyptic' | 'generic';

export interface Archetype {
  id: ArchetypeId;
  /** [keyword, weight]: lower-case whole words; a trailing "-" matches a prefix. */
  keywords: readonly (readonly [string, number])[];
  /** Naming culture when the description names no place. */
  culture: NameCulture;
  /** One sentence; {place} becomes the description's place or `place`. */
  summary: string;
  place: string;
  /** True for present-day and future settings: city terms (Tokyo's, London's) apply. */
  modernEra: boolean;
  age: { min: number; max: number };
  genders: readonly Opt[];
  /** An extra variable sampled before age, with age ranges per value (fantasy ancestry). */
  extra?: { name: string; options: readonly Opt[]; ageRanges: readonly (readonly [string, number, number])[] };
  classes: { name: string; options: readonly Opt[] };
  occupations: readonly OccupationGroup[];
  faction: readonly Opt[];
  faith: readonly Opt[];
  temperaments: readonly string[];
  marriage: { marriedMin: number; betrothed?: boolean; partnered?: boolean; divorced?: boolean };
  flag: { name: string; probability: number; overrides: readonly (readonly [number, When])[] };
  terms: readonly string[];
}

const TEMPERAMENTS = [
  'stubborn', 'warm-hearted', 'quick-tempered', 'watchful', 'cheerful', 'melancholy', 'proud', 'patient',
  'restless', 'shrewd', 'gentle', 'blunt', 'curious', 'easygoing', 'anxious', 'ambitious', 'wry',
] as const;

const BINARY: readonly Opt[] = [['female', 50], ['male', 50]];
const WITH_NONBINARY: readonly Opt[] = [['female', 48], ['male', 48], ['non-binary', 4]];

export const ARCHETYPES: readonly Archetype[] = [
  {
    id: 'cyberpunk',
    keywords: [['cyberpunk', 3], ['neo-', 3], ['neon', 2], ['megacorp', 2], ['megacorps', 2], ['megacity', 2], ['hacker', 1], ['hackers', 1], ['netrunner', 2], ['netrunners', 2], ['augmented', 1], ['cyberware', 2], ['chrome', 1], ['dystopia', 1], ['dystopian', 1], ['near future', 2], ['near-future', 2], ['android', 1], ['androids', 1], ['synth', 1], ['synths', 1]],
    culture: 'futuristic',
    summary: 'The people of {place}, a neon city where megacorps own the towers and the street makes its own rules.',
    place: 'the city',
    modernEra: true,
    age: { min: 16, max: 80 },
    genders: [['female', 47], ['male', 47], ['non-binary', 6]],
    classes: { name: 'standing', options: [['corporate', 15], ['street-level', 45], ['precarious', 35], ['elite', 3]] },
    occupations: [
      {
        classes: ['street-level', 'precarious'],
        options: [
          ['netrunner', 4, { maxAge: 45 }], ['courier', 5, { maxAge: 40 }], ['noodle-stall cook', 3], ['ripperdoc', 2, { minAge: 28 }],
          ['fixer', 2, { minAge: 25 }], ['drone mechanic', 3], ['club bouncer', 2, { minAge: 20 }], ['data broker', 2, { minAge: 20 }],
          ['e-waste picker', 3], ['gig driver', 3, { minAge: 18 }], ['street vendor', 3], ['hacker kid', 2, { maxAge: 19 }],
        ],
      },
      {
        classes: ['corporate', 'elite'],
        options: [
          ['corporate security officer', 3, { minAge: 21 }], ['office worker', 5], ['AI ethics auditor', 1, { minAge: 25 }],
          ['corporate executive', 2, { minAge: 30 }], ['biotech researcher', 2, { minAge: 24 }], ['media idol', 2, { maxAge: 30 }],
          ['heir to a megacorp', 2, { classes: ['elite'], maxAge: 40 }],
        ],
      },
      { classes: null, options: [['retired cop', 2, { minAge: 55 }], ['student', 4, { maxAge: 24 }], ['noodle-bar owner', 1, { minAge: 30 }], ['gig worker', 1]] },
    ],
    faction: [
      ['the megacorps', 4, { classes: ['corporate', 'elite'] }], ['the street gangs', 3, { classes: ['street-level', 'precarious'] }],
      ['the hacker collectives', 2], ['the city police', 2], ['the neighbourhood mutual aid', 3], ['nobody but themselves', 4],
    ],
    faith: [['none to speak of', 40], ['old family shrines', 15], ['a neon megachurch', 6], ['the Church of the Machine', 5], ['street-corner fortune tellers', 4]],
    temperaments: [...TEMPERAMENTS, 'paranoid', 'reckless'],
    marriage: { marriedMin: 20, partnered: true, divorced: true },
    flag: { name: 'has_cyberware', probability: 0.5, overrides: [[0.75, { classes: ['corporate', 'elite'] }], [0.3, { classes: ['precarious'] }]] },
    terms: ['the megacorps', 'the undercity', 'the arcologies', 'the Net', 'the night markets', 'the maglev line', 'the neon strip', 'the corporate towers', 'the black-market clinics', 'the smog-bound lower levels', 'cyberware', 'drone traffic'],
  },
  {
    id: 'space',
    keywords: [['space station', 3], ['space', 2], ['station', 1], ['starship', 2], ['spaceship', 2], ['orbital', 2], ['orbit', 1], ['orbiting', 2], ['galactic', 2], ['galaxy', 2], ['interstellar', 2], ['planet', 1], ['colony', 1], ['asteroid', 2], ['mars', 2], ['martian', 2], ['lunar', 2], ['moon base', 2], ['hyperspace', 2], ['sci-fi', 2], ['science fiction', 2], ['aliens', 1], ['spacefaring', 2]],
    culture: 'futuristic',
    summary: 'Crew, specialists, traders and station-born families of {place}, where air and water are never taken for granted.',
    place: 'the station',
    modernEra: true,
    age: { min: 16, max: 85 },
    genders: WITH_NONBINARY,
    classes: { name: 'standing', options: [['command', 6], ['specialist', 25], ['crew', 45], ['contractor', 15], ['transient', 9]] },
    occupations: [
      {
        classes: ['crew', 'contractor'],
        options: [
          ['hydroponics technician', 5], ['life-support engineer', 4, { minAge: 22 }], ['dock loader', 4], ['EVA welder', 3, { minAge: 20, maxAge: 55 }],
          ['reactor technician', 3, { minAge: 22 }], ['galley cook', 3], ['cargo clerk', 3],
          ['security officer', 3, { minAge: 20 }], ['cadet', 3, { maxAge: 24 }], ['apprentice mechanic', 2, { maxAge: 22 }],
        ],
      },
      {
        classes: ['specialist'],
        options: [['medic', 3, { minAge: 24 }], ['xenobiologist', 2, { minAge: 26 }], ['navigator', 3, { minAge: 22 }], ['comms officer', 3], ['AI systems analyst', 2], ['teacher', 2, { minAge: 22 }]],
      },
      { classes: ['command'], options: [['station administrator', 3, { minAge: 35 }], ['shift commander', 3, { minAge: 30 }], ['quartermaster', 2, { minAge: 26 }], ['junior officer', 2, { maxAge: 30 }]] },
      { classes: ['transient'], options: [['freighter pilot', 3, { minAge: 20 }], ['trader', 3], ['prospector', 2]] },
      { classes: null, options: [['retired miner', 1, { minAge: 60 }], ['station hand', 1]] },
    ],
    faction: [
      ['the Station Authority', 4, { classes: ['command', 'specialist'] }], ["the Dockworkers' Union", 3, { classes: ['crew', 'contractor'] }],
      ['the Belter clans', 2], ['the Free Traders', 3, { classes: ['transient'] }], ['the Earth loyalists', 2], ['nobody but themselves', 3],
    ],
    faith: [['none to speak of', 40], ['the Church of the Long Voyage', 10], ['old Earth faiths', 15], ['spacer superstitions', 8]],
    temperaments: [...TEMPERAMENTS, 'methodical', 'claustrophobic'],
    marriage: { marriedMin: 20, partnered: true, divorced: true },
    flag: { name: 'is_station_born', probability: 0.4, overrides: [[0.1, { classes: ['transient'] }]] },
    terms: ['the docking ring', 'the hydroponics bay', 'the spin deck', 'the airlocks', 'the reactor core', 'the observation deck', 'the cargo holds', 'the mess hall', 'the outer hull', 'the long-haul freighters', 'oxygen rations', 'shift rotations'],
  },
  {
    id: 'post-apocalyptic',
    keywords: [['post-apocalyptic', 3], ['apocalypse', 3], ['apocalyptic', 2], ['wasteland', 3], ['ruins', 1], ['fallout', 2], ['nuclear', 1], ['zombie', 2], ['zombies', 2], ['survivors', 2], ['bunker', 1], ['collapse', 2], ['plague', 1], ['scavengers', 2], ['irradiated', 2], ['after the fall', 2], ['end of the world', 3]],
    culture: 'english',
    summary: 'Survivors of {place}: settlers, scavengers, traders and raiders making a life after the Collapse.',
    place: 'the settlement',
    modernEra: false,
    age: { min: 12, max: 75 },
    genders: BINARY,
    classes: { name: 'standing', options: [['settler', 45], ['scavenger', 25], ['trader', 10], ['council', 5], ['raider', 8], ['wanderer', 7]] },
    occupations: [
      {
        classes: ['settler'],
        options: [
          ['water purifier tech', 3], ['farmer', 6], ['wall guard', 4, { minAge: 16 }], ['medic', 2, { minAge: 22 }], ['mechanic', 3],
          ['teacher', 2, { minAge: 20 }], ['brewer', 2, { minAge: 18 }], ['kid runner', 2, { maxAge: 15 }], ['cook', 3],
        ],
      },
      { classes: ['scavenger'], options: [['scavenger', 6], ['salvage diver', 2, { minAge: 16 }], ['tunnel rat', 2, { maxAge: 30 }]] },
      { classes: ['trader', 'wanderer'], options: [['caravan trader', 4, { minAge: 18 }], ['barterer', 3], ['wasteland guide', 3, { minAge: 16 }], ['courier', 3]] },
      { classes: ['council'], options: [['settlement elder', 3, { minAge: 50 }], ['quartermaster', 2, { minAge: 25 }]] },
      { classes: ['raider'], options: [['raider', 4, { minAge: 14 }], ['reformed raider', 2, { minAge: 25 }]] },
      { classes: null, options: [['old-world survivor', 1, { minAge: 60 }], ['forager', 1]] },
    ],
    faction: [
      ['the Settlement Council', 4, { classes: ['settler', 'council'] }], ['the Rust Riders', 3, { classes: ['raider'] }],
      ['the Caravan League', 3, { classes: ['trader', 'wanderer'] }], ['the Scrappers', 2, { classes: ['scavenger'] }], ['the Water Keepers', 2], ['nobody but themselves', 3],
    ],
    faith: [['none to speak of', 30], ['the Church of the Last Light', 10], ['old-world scripture', 10], ['luck and spare ammunition', 5]],
    temperaments: [...TEMPERAMENTS, 'hardened', 'hopeful'],
    marriage: { marriedMin: 17, partnered: true },
    flag: { name: 'has_radiation_sickness', probability: 0.12, overrides: [[0.3, { classes: ['scavenger'] }]] },
    terms: ['the Wall', 'the wasteland', 'the old highway', 'the water tower', 'the scrapyards', 'the dead city', 'the caravan routes', 'the bunker', 'the trading post', 'the Collapse', 'rad storms', 'clean water'],
  },
  {
    id: 'pirate',
    keywords: [['pirate', 3], ['pirates', 3], ['buccaneer', 3], ['buccaneers', 3], ['corsair', 3], ['corsairs', 3], ['privateer', 2], ['privateers', 2], ['sea port', 2], ['seaport', 2], ['port', 1], ['harbour', 1], ['harbor', 1], ['docks', 1], ['sailors', 1], ['caribbean', 2], ['tortuga', 3], ['smugglers', 2], ['galleon', 2], ['galleons', 2]],
    culture: 'english',
    summary: 'Sailors, dockhands, merchants, smugglers and Crown officials of {place}, a sea port where every flag is for sale.',
    place: 'the port',
    modernEra: false,
    age: { min: 12, max: 70 },
    genders: [['female', 40], ['male', 60]],
    classes: { name: 'standing', options: [['sailor', 35], ['dockside', 35], ['merchant', 10], ['crown', 6], ['outlaw', 14]] },
    occupations: [
      {
        classes: ['sailor'],
        options: [['deckhand', 6, { minAge: 14 }], ['powder monkey', 2, { maxAge: 16 }], ['bosun', 2, { minAge: 25 }], ["ship's carpenter", 2, { minAge: 20 }], ['navigator', 2, { minAge: 22 }], ["ship's cook", 2]],
      },
      {
        classes: ['dockside'],
        options: [
          ['dockworker', 5, { minAge: 15 }], ['tavern keeper', 3, { minAge: 25 }], ['barmaid', 2, { genders: ['female'], maxAge: 40 }], ['net mender', 3],
          ['fishwife', 2, { genders: ['female'], minAge: 20 }], ['rope maker', 2], ['fence for stolen goods', 2, { minAge: 20 }],
        ],
      },
      { classes: ['merchant'], options: [['spice merchant', 3, { minAge: 22 }], ['moneylender', 2, { minAge: 30 }], ['shipwright', 3, { minAge: 22 }]] },
      { classes: ['crown'], options: [['harbour master', 3, { minAge: 35 }], ['customs officer', 3, { minAge: 21 }], ["governor's clerk", 2]] },
      { classes: ['outlaw'], options: [['pirate captain', 2, { minAge: 25 }], ['smuggler', 4], ['privateer', 3, { minAge: 16 }]] },
      { classes: null, options: [['old sea dog', 1, { minAge: 55 }], ['beachcomber', 1]] },
    ],
    faction: [
      ['the Brethren of the Coast', 3, { classes: ['outlaw', 'sailor'] }], ["the Governor's men", 3, { classes: ['crown', 'merchant'] }],
      ["the Smugglers' Ring", 2], ["the Merchants' Guild", 2, { classes: ['merchant'] }], ['the harbour folk', 4], ['no flag at all', 3],
    ],
    faith: [['the Church', 25], ["sailors' superstitions", 25], ['the sea itself', 10], ['none to speak of', 10]],
    temperaments: [...TEMPERAMENTS, 'reckless', 'superstitious'],
    marriage: { marriedMin: 16 },
    flag: { name: 'has_a_bounty', probability: 0.08, overrides: [[0.7, { classes: ['outlaw'] }]] },
    terms: ['the harbour', 'the docks', 'the Rusty Anchor tavern', 'the careening beach', 'the fort', "the Governor's house", "the smugglers' cove", 'the fish market', 'the reef', 'the gallows hill', 'the trade winds', 'rum'],
  },
  {
    id: 'wild-west',
    keywords: [['wild west', 3], ['western', 1], ['frontier', 2], ['cowboy', 3], ['cowboys', 3], ['saloon', 3], ['sheriff', 2], ['outlaw', 1], ['outlaws', 1], ['gold rush', 3], ['prairie', 2], ['ranch', 2], ['ranchers', 2], ['cattle', 1], ['homestead', 2], ['stagecoach', 2], ['railroad', 1], ['boomtown', 2], ['gunslinger', 3], ['gunslingers', 3]],
    culture: 'english',
    summary: 'Townsfolk, homesteaders, drifters and outlaws of {place}, a frontier town at the edge of the law.',
    place: 'the town',
    modernEra: false,
    age: { min: 14, max: 75 },
    genders: [['female', 45], ['male', 55]],
    classes: { name: 'standing', options: [['townsfolk', 40], ['homesteader', 25], ['drifter', 18], ['outlaw', 8], ['moneyed', 5]] },
    occupations: [
      {
        classes: ['townsfolk'],
        options: [
          ['saloon keeper', 3, { minAge: 25 }], ['bartender', 3, { minAge: 18 }], ['blacksmith', 3], ['general store clerk', 3], ['schoolteacher', 2, { minAge: 18 }],
          ['telegraph operator', 2], ['undertaker', 1, { minAge: 30 }], ['doctor', 2, { minAge: 27 }], ['deputy', 2, { minAge: 18 }], ['sheriff', 1, { minAge: 30 }],
          ['laundress', 2, { genders: ['female'] }], ['stable boy', 2, { genders: ['male'], maxAge: 17 }],
        ],
      },
      { classes: ['homesteader'], options: [['homesteader', 6], ['cattle rancher', 4, { minAge: 22 }], ['cowhand', 5, { maxAge: 45 }]] },
      { classes: ['drifter'], options: [['prospector', 4], ['gambler', 3, { minAge: 18 }], ['bounty hunter', 2, { minAge: 20 }]] },
      { classes: ['outlaw'], options: [['cattle rustler', 3], ['stagecoach robber', 2, { minAge: 16 }]] },
      { classes: ['moneyed'], options: [['railroad agent', 3, { minAge: 25 }], ['banker', 3, { minAge: 28 }]] },
      { classes: null, options: [['travelling preacher', 1, { minAge: 25 }], ['farmhand', 1]] },
    ],
    faction: [
      ['the railroad company', 3, { classes: ['moneyed', 'townsfolk'] }], ['the cattle barons', 3, { classes: ['homesteader', 'moneyed'] }], ['the town council', 3, { classes: ['townsfolk', 'moneyed'] }],
      ['the Hollis gang', 2, { classes: ['outlaw', 'drifter'] }], ['the church congregation', 3], ['nobody but themselves', 4],
    ],
    faith: [['the Methodist church', 20], ['the Catholic church', 15], ['a frontier Baptist faith', 10], ['none to speak of', 20]],
    temperaments: [...TEMPERAMENTS, 'laconic', 'reckless'],
    marriage: { marriedMin: 16 },
    flag: { name: 'armed', probability: 0.5, overrides: [[0.95, { classes: ['outlaw'] }], [0.3, { genders: ['female'] }]] },
    terms: ['the saloon', 'Main Street', 'the railroad depot', 'the assay office', 'the livery stable', 'the dry creek', 'the cattle trail', "the sheriff's office", 'the boarding house', 'the mesa', 'the mining camp', 'gold dust'],
  },
  {
    id: 'fantasy',
    keywords: [['fantasy', 3], ['elf', 2], ['elves', 2], ['elven', 2], ['dwarf', 2], ['dwarves', 2], ['dwarven', 2], ['orc', 2], ['orcs', 2], ['goblin', 2], ['goblins', 2], ['wizard', 2], ['wizards', 2], ['sorcerer', 2], ['dragon', 2], ['dragons', 2], ['magic', 2], ['magical', 2], ['enchanted', 2], ['faerie', 2], ['troll', 2], ['trolls', 2], ['halfling', 2], ['halflings', 2], ['mage', 2], ['mages', 2], ['arcane', 2], ['realm', 1], ['kingdom', 1], ['quest', 1]],
    culture: 'fantasy',
    summary: 'Humans, elves, dwarves and smaller folk of {place}, where guilds, temples and old magic shape every life.',
    place: 'the realm',
    modernEra: false,
    age: { min: 14, max: 400 },
    genders: BINARY,
    extra: {
      name: 'ancestry',
      options: [['human', 50], ['elf', 12], ['dwarf', 14], ['halfling', 12], ['gnome', 6], ['half-orc', 6]],
      ageRanges: [['human', 16, 80], ['elf', 25, 400], ['dwarf', 20, 250], ['halfling', 16, 110], ['gnome', 20, 300], ['half-orc', 14, 65]],
    },
    classes: { name: 'station', options: [['commoner', 55], ['guildfolk', 20], ['noble', 5], ['temple', 10], ['arcane', 10]] },
    occupations: [
      {
        classes: ['commoner'],
        options: [
          ['farmer', 8], ['innkeeper', 3, { minAge: 25 }], ['tavern server', 4, { maxAge: 40 }], ['stablehand', 3, { maxAge: 30 }], ['woodcutter', 3],
          ['hunter', 3], ['caravan guard', 3, { minAge: 18 }], ['miner', 3], ['town guard', 3, { minAge: 18 }],
        ],
      },
      { classes: ['guildfolk'], options: [['blacksmith', 4], ['apprentice jeweller', 2, { maxAge: 25 }], ['merchant', 4], ['brewer', 3], ['scribe', 2]] },
      { classes: ['noble'], options: [['baron', 2, { minAge: 25 }], ['knight-errant', 3, { minAge: 18 }]] },
      { classes: ['temple'], options: [['priest of the Dawn', 3, { minAge: 20 }], ['temple acolyte', 3, { maxAge: 25 }], ['healer', 3]] },
      { classes: ['arcane'], options: [['wizard', 3, { minAge: 25 }], ['hedge witch', 2], ['apprentice mage', 3, { maxAge: 28 }]] },
      { classes: null, options: [['adventurer', 2, { minAge: 16 }], ['retired adventurer', 1, { minAge: 55 }], ['traveller', 1]] },
    ],
    faction: [
      ['the Crown', 4], ['the Merchant League', 3, { classes: ['guildfolk'] }], ['the Circle of Magi', 3, { classes: ['arcane'] }],
      ['the Temple of the Dawn', 3, { classes: ['temple'] }], ['the Free Companies', 2], ["the Thieves' Guild", 1], ['no banner at all', 3],
    ],
    faith: [['the Dawn Father', 30], ['the Old Gods', 20], ['the Forge Mother', 25, { extra: ['dwarf', 'gnome'] }], ['the Green Lady', 10], ['no god at all', 5]],
    temperaments: [...TEMPERAMENTS, 'brave', 'scholarly'],
    marriage: { marriedMin: 18, betrothed: true },
    flag: { name: 'can_use_magic', probability: 0.05, overrides: [[0.95, { classes: ['arcane'] }], [0.4, { classes: ['temple'] }]] },
    terms: ["the King's Road", 'the Guildhall', 'the Temple of the Dawn', 'the old watchtower', 'the Wyrmwood', 'the Silver Stag inn', 'the market square', 'the Circle of Magi', 'the barrow under the hill', 'the dwarven halls', 'the border marches', 'ley lines'],
  },
  {
    id: 'medieval',
    keywords: [['medieval', 3], ['feudal', 3], ['middle ages', 3], ['village', 1], ['hamlet', 1], ['manor', 2], ['castle', 1], ['serf', 2], ['serfs', 2], ['peasant', 2], ['peasants', 2], ['knight', 1], ['knights', 1], ['abbey', 2], ['monastery', 2], ['parish', 1], ['shire', 1], ['lord', 1], ['anglo-saxon', 2], ['norman', 1], ['viking', 1], ['vikings', 1]],
    culture: 'medieval-british',
    summary: 'Villeins, cottars, craftsfolk, clergy and a few gentry of {place}, living by the seasons, the manor and the parish.',
    place: 'the village',
    modernEra: false,
    age: { min: 12, max: 75 },
    genders: BINARY,
    classes: { name: 'class', options: [['villein', 40], ['cottar', 18], ['freeholder', 22], ['clergy', 6], ['gentry', 4]] },
    occupations: [
      {
        classes: ['villein', 'cottar', 'freeholder'],
        options: [
          ['ploughman', 10, { genders: ['male'], minAge: 16 }], ['shepherd', 7], ['swineherd', 3, { classes: ['villein', 'cottar'] }], ['goose girl', 2, { genders: ['female'], maxAge: 17 }],
          ['dairymaid', 4, { genders: ['female'], maxAge: 40 }], ['alewife', 3, { genders: ['female'], minAge: 22 }], ['miller', 2, { classes: ['freeholder'], minAge: 25 }],
          ['blacksmith', 3, { minAge: 20 }], ['apprentice smith', 2, { maxAge: 19 }], ['carpenter', 3, { minAge: 18 }], ['weaver', 4],
          ['reeve', 1, { minAge: 30 }], ['midwife', 2, { genders: ['female'], minAge: 30 }], ['man-at-arms', 2, { genders: ['male'], minAge: 18, maxAge: 45 }], ['village elder', 3, { minAge: 60 }],
        ],
      },
      { classes: ['clergy'], options: [['parish priest', 5, { genders: ['male'], minAge: 24 }], ['monk', 3, { genders: ['male'] }], ['nun', 3, { genders: ['female'] }], ['novice', 3, { maxAge: 22 }]] },
      {
        classes: ['gentry'],
        options: [['lord of the manor', 4, { genders: ['male'], minAge: 21 }], ['lady of the manor', 4, { genders: ['female'], minAge: 18 }], ['squire', 3, { genders: ['male'], maxAge: 24 }], ['steward', 3, { minAge: 28 }], ['ward of the manor', 2, { maxAge: 17 }]],
      },
      { classes: null, options: [['pilgrim', 1]] },
    ],
    faction: [
      ["the lord's household", 3, { classes: ['gentry', 'freeholder'] }], ['the parish', 5], ['the old families', 4],
      ["the reeve's men", 2, { classes: ['villein', 'freeholder'] }], ['the newcomers', 2], ['no one but kin', 3],
    ],
    faith: [['the Church', 50], ['the saints of the parish', 15], ['the old ways', 10], ["the wise woman's charms", 5], ['the Church, barely', 8]],
    temperaments: [...TEMPERAMENTS, 'pious', 'superstitious'],
    marriage: { marriedMin: 16, betrothed: true },
    flag: { name: 'literate', probability: 0.06, overrides: [[0.85, { classes: ['clergy'] }], [0.5, { classes: ['gentry'] }]] },
    terms: ['the manor', 'the parish church', 'the common', 'the mill', 'the open fields', "the lord's demesne", 'the tithe barn', 'the village green', 'the alehouse', 'the manor court', 'the drove road', 'the Lammas fair'],
  },
  {
    id: 'modern',
    keywords: [['modern', 2], ['contemporary', 2], ['present-day', 2], ['present day', 2], ['today', 1], ['city', 1], ['metropolis', 2], ['downtown', 2], ['suburb', 2], ['suburbs', 2], ['suburban', 2], ['office', 1], ['apartment', 1], ['apartments', 1], ['subway', 1], ['startup', 1], ['nightlife', 1], ['21st century', 2],
      ['tokyo', 0.5], ['london', 0.5], ['new york', 0.5], ['paris', 0.5], ['berlin', 0.5], ['lagos', 0.5], ['mumbai', 0.5], ['shanghai', 0.5], ['seoul', 0.5], ['cairo', 0.5], ['moscow', 0.5]],
    culture: 'english',
    summary: 'City people of {place}: workers, students, professionals and retirees sharing crowded streets.',
    place: 'the city',
    modernEra: true,
    age: { min: 16, max: 85 },
    genders: [['female', 49], ['male', 49], ['non-binary', 2]],
    classes: { name: 'class', options: [['working class', 40], ['middle class', 38], ['wealthy', 6], ['precarious', 16]] },
    occupations: [
      {
        classes: ['working class', 'precarious'],
        options: [
          ['delivery rider', 5, { maxAge: 45 }], ['barista', 4, { maxAge: 40 }], ['office cleaner', 3], ['bus driver', 3, { minAge: 21 }], ['nurse', 4, { minAge: 21 }],
          ['electrician', 3, { minAge: 20 }], ['shop assistant', 4], ['line cook', 3], ['security guard', 3, { minAge: 18 }], ['care worker', 3, { minAge: 18 }],
        ],
      },
      {
        classes: ['middle class', 'wealthy'],
        options: [
          ['software developer', 4, { minAge: 20 }], ['teacher', 4, { minAge: 22 }], ['accountant', 3, { minAge: 22 }], ['graphic designer', 2], ['paramedic', 2, { minAge: 21 }],
          ['police officer', 2, { minAge: 20 }], ['journalist', 2, { minAge: 21 }], ['pharmacist', 1, { minAge: 24 }],
          ['lawyer', 3, { classes: ['wealthy'], minAge: 25 }], ['surgeon', 2, { classes: ['wealthy'], minAge: 30 }], ['property developer', 2, { classes: ['wealthy'], minAge: 30 }],
        ],
      },
      { classes: null, options: [['university student', 6, { maxAge: 26 }], ['retiree', 6, { minAge: 63 }], ['street musician', 1]] },
    ],
    faction: [
      ['the neighbourhood association', 3], ['the union', 3, { classes: ['working class', 'precarious'] }], ['the local football club', 4],
      ['a church congregation', 2], ['an online community', 3], ['nobody in particular', 4],
    ],
    faith: [['none to speak of', 40], ['a loose Christianity', 20], ['Islam', 8], ['Buddhism', 5], ['Hinduism', 5], ['a private spirituality', 6]],
    temperaments: [...TEMPERAMENTS, 'sarcastic', 'driven'],
    marriage: { marriedMin: 18, partnered: true, divorced: true },
    flag: { name: 'has_children', probability: 0.35, overrides: [[0.03, { maxAge: 21 }], [0.6, { minAge: 35 }]] },
    terms: ['the night bus', 'the corner shop', 'the high street', 'the old market', 'the train station', 'the riverside flats', 'the business district', 'the late-night diner', 'the park', 'the rooftop bars', 'rent day', 'the group chat'],
  },
  {
    id: 'generic',
    keywords: [],
    culture: 'english',
    summary: 'Ordinary people of {place}, each with work, ties and hopes of their own.',
    place: 'this place',
    modernEra: false,
    age: { min: 16, max: 80 },
    genders: [['female', 49], ['male', 49], ['non-binary', 2]],
    classes: { name: 'standing', options: [['working folk', 50], ['comfortable', 30], ['well-off', 8], ['poor', 12]] },
    occupations: [
      {
        classes: ['working folk', 'poor'],
        options: [
          ['farmer', 6], ['builder', 4, { minAge: 18 }], ['cook', 4], ['cleaner', 3], ['market trader', 4], ['driver', 3, { minAge: 18 }], ['labourer', 4],
          ['apprentice carpenter', 2, { maxAge: 22 }], ['fisher', 2], ['guard', 2, { minAge: 18 }],
        ],
      },
      {
        classes: ['comfortable', 'well-off'],
        options: [
          ['teacher', 4, { minAge: 22 }], ['healer', 3, { minAge: 24 }], ['shopkeeper', 4], ['clerk', 3], ['engineer', 2, { minAge: 22 }], ['musician', 2], ['innkeeper', 2, { minAge: 25 }],
          ['landowner', 3, { classes: ['well-off'], minAge: 25 }], ['magistrate', 2, { classes: ['well-off'], minAge: 35 }],
        ],
      },
      { classes: null, options: [['student', 4, { maxAge: 24 }], ['retired worker', 4, { minAge: 62 }], ['wanderer', 1]] },
    ],
    faction: [['the town council', 3], ["the workers' guild", 3, { classes: ['working folk', 'poor'] }], ['the old families', 3], ['the newcomers', 2], ['nobody in particular', 4]],
    faith: [['none to speak of', 30], ['the old faith', 25], ['the new temple', 10], ['a private belief', 10]],
    temperaments: TEMPERAMENTS,
    marriage: { marriedMin: 18 },
    flag: { name: 'has_children', probability: 0.4, overrides: [[0.05, { maxAge: 21 }]] },
    terms: ['the town square', 'the market', 'the old bridge', 'the river', 'the town hall', 'the workshop quarter', 'the outskirts', 'the tavern', 'the harvest fair', 'the main road', 'the hill road', 'the well'],
  },
];

/** Present-day city words, added when a description names the city (modern and cyberpunk worlds). */
export const CITY_TERMS: Readonly<Record<string, readonly string[]>> = {
  tokyo: ['Shinjuku', 'Shibuya Crossing', 'the Yamanote Line', 'Akihabara', 'Kabukicho', 'the konbini', 'the izakaya', 'the pachinko parlours', 'the shotengai', 'the Sumida River'],
  london: ['the Tube', 'the Thames', 'Camden Market', 'the City', 'the night bus'],
  'new york': ['the subway', 'Brooklyn', 'the bodega', 'Manhattan', 'Central Park'],
  paris: ['the Métro', 'the Seine', 'Montmartre', 'the banlieue', 'the boulangerie'],
  berlin: ['the U-Bahn', 'Kreuzberg', 'the Spree', 'the Späti'],
  lagos: ['the danfo buses', 'Victoria Island', 'Balogun Market', 'the Third Mainland Bridge'],
  mumbai: ['the local trains', 'Dharavi', 'Marine Drive', 'the chawls'],
  shanghai: ['the Bund', 'the longtang lanes', 'Pudong', 'the metro'],
  seoul: ['Gangnam', 'the Han River', 'the PC bangs', 'the pojangmacha stalls'],
  cairo: ['the Nile', 'Khan el-Khalili', 'the microbuses', 'Tahrir Square'],
  moscow: ['the Metro', 'the Garden Ring', 'the dachas', 'the khrushchyovka blocks'],
};

/** Historic regional words, added when a description names the region (pre-modern worlds). */
export const REGION_TERMS: Readonly<Record<string, readonly string[]>> = {
  britain: ["Hadrian's Wall country", 'the Tyne valley', 'the Cheviot Hills', 'the Border country'],
  england: ["Hadrian's Wall country", 'the Tyne valley', 'the Cheviot Hills', 'the Border country'],
  northumbria: ["Hadrian's Wall country", 'the Tyne valley', 'the Cheviot Hills', 'Lindisfarne'],
  scotland: ['the Highlands', 'the glens', 'the clan chief', 'the English border'],
  japan: ['the daimyo', 'the castle town', 'the rice paddies', 'the shrine'],
  scandinavia: ['the fjord', 'the longhouse', 'the Thing', 'the longships'],
  viking: ['the fjord', 'the longhouse', 'the Thing', 'the longships'],
  vikings: ['the fjord', 'the longhouse', 'the Thing', 'the longships'],
  norse: ['the fjord', 'the longhouse', 'the Thing', 'the longships'],
};
