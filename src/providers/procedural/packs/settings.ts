/**
 * Setting packs (a data file): for each kind of place a cast lives in, the occupations and
 * places it holds, tagged by tech band (a ship in 1700 has sailmakers, one in 2300 has drive
 * engineers), factions, a yes/no trait, how much room it leaves for the era's generic trades,
 * and the words it never admits (no rivers or fields aboard a ship or station). Overlays for
 * ruined and fantasy worlds sit at the end.
 *   SETTING_PACKS.port.places.filter((o) => fitsBand(o, 'old')) // the quay, the harbour...
 * Cost: static data, loaded once.
 */
import type { SettingId } from '../../../stages/sketch/sketch-types.js';
import type { Flag, Opt } from './types.js';

export interface SettingPack {
  occupations: readonly Opt[];
  /** Places as options so they can be band-tagged; the weight orders them. */
  places: readonly Opt[];
  factions: readonly Opt[];
  flag: Flag | null;
  /** Multiplier on the era pack's generic occupations (0: none; a ship has no blacksmith). */
  eraWeight: number;
  /** Standing tier labels that replace the era's, per band (a spacefaring ship has crew ranks). */
  tiers?: Partial<Record<'old' | 'steam' | 'now' | 'space', readonly [string, string, string, string]>>;
  /** Whole words (lower case) this setting never admits in pack vocabulary. */
  forbid: readonly string[];
}

const OLD = { bands: 'old' } as const;
const STEAM = { bands: 'steam' } as const;
const NOW = { bands: 'now' } as const;
const SPACE = { bands: 'space' } as const;
const PRE_SPACE = { bands: 'old steam now' } as const;
const LAND_WORDS = [
  'river',
  'rivers',
  'bridge',
  'bridges',
  'field',
  'fields',
  'harvest',
  'plough',
  'plow',
  'ploughman',
  'meadow',
  'orchard',
  'pasture',
  'village green',
  'hills',
  'forest',
  'mill pond',
];
const CREW_TIERS = ['contract labour', 'crew', 'specialist', 'command'] as const;

export const SETTING_PACKS: Readonly<Record<SettingId, SettingPack>> = {
  village: {
    occupations: [
      ['farmer', 6, { bands: 'old steam now' }],
      ['shepherd', 3, PRE_SPACE],
      ['miller', 2, { bands: 'old steam', minAge: 25 }],
      ['innkeeper', 2, { minAge: 28 }],
      ['ploughman', 3, { bands: 'old steam', genders: ['male'], minAge: 16 }],
      ['dairymaid', 2, { bands: 'old steam', genders: ['female'], maxAge: 30 }],
      ['goatherd', 2, { maxAge: 18, bands: 'old' }],
      ['village shopkeeper', 2, { bands: 'steam now' }],
      ['postmistress', 1, { bands: 'steam now', genders: ['female'], minAge: 25 }],
      ['hydroponic farmer', 4, SPACE],
      ['well digger', 1, OLD],
    ],
    places: [
      ['the village well', 3],
      ['the mill', 2, { bands: 'old steam' }],
      ['the common grazing', 2, PRE_SPACE],
      ['the lane to the next village', 2],
      ['the fields', 2, PRE_SPACE],
      ['the village shop', 2, { bands: 'steam now' }],
    ],
    factions: [
      ['the village elders', 3],
      ['the neighbours', 3],
    ],
    flag: ['owns_land', 0.3],
    eraWeight: 1,
    forbid: [],
  },
  town: {
    occupations: [
      ['shopkeeper', 4, { minAge: 22 }],
      ['innkeeper', 2, { minAge: 28 }],
      ['carter', 3, { bands: 'old steam' }],
      ['baker', 2],
      ['cobbler', 2, PRE_SPACE],
      ['barber', 1],
      ['town clerk', 1, { minAge: 25, tiers: ['middling', 'high'] }],
      ['constable', 1, { minAge: 22, genders: ['male'], bands: 'old steam' }],
      ['stable hand', 2, { bands: 'old steam', maxAge: 30 }],
      ['watchman', 2, OLD],
      ['bus driver', 1, NOW],
    ],
    places: [
      ['the main street', 3],
      ['the market square', 2],
      ['the inn', 2, { bands: 'old steam' }],
      ['the town hall', 1, { bands: 'steam now' }],
      ['the stables', 1, { bands: 'old steam' }],
    ],
    factions: [
      ['the town council', 3],
      ['the merchants', 2],
    ],
    flag: null,
    eraWeight: 1,
    forbid: [],
  },
  city: {
    occupations: [
      ['street vendor', 4],
      ['porter', 3, { bands: 'old steam', maxAge: 50 }],
      ['night watchman', 2, { minAge: 25 }],
      ['courier', 3, { maxAge: 40 }],
      ['tavern keeper', 2, { bands: 'old steam', minAge: 28 }],
      ['rag picker', 2, { tiers: ['low'], bands: 'old steam' }],
      ['pickpocket', 1, { tiers: ['low'], maxAge: 30 }],
      ['moneylender', 1, { minAge: 30, tiers: ['middling', 'high'] }],
      ['cab driver', 2, { bands: 'steam now', minAge: 20 }],
      ['office clerk', 2, { bands: 'steam now' }],
      ['noodle-stall cook', 1, { bands: 'now space' }],
    ],
    places: [
      ['the market', 3],
      ['the back alleys', 2],
      ['the city gates', 2, OLD],
      ['the tenements', 2, { bands: 'steam now' }],
      ['the night market', 2, { bands: 'now space' }],
      ['the old quarter', 2],
    ],
    factions: [
      ['the city watch', 2, OLD],
      ['the police', 2, { bands: 'steam now' }],
      ['the street gangs', 2],
      ['the merchants', 2],
    ],
    flag: null,
    eraWeight: 1,
    forbid: [],
  },
  port: {
    occupations: [
      ['dockworker', 5, { maxAge: 55, genders: ['male'] }],
      ['sailor', 4, { maxAge: 50, bands: 'old steam now' }],
      ['fishwife', 2, { genders: ['female'], bands: 'old steam' }],
      ['net mender', 2, PRE_SPACE],
      ['harbour pilot', 1, { minAge: 30 }],
      ['customs officer', 1, { minAge: 24, bands: 'old steam now' }],
      ['tavern keeper', 2, { minAge: 28 }],
      ['ropemaker', 2, { bands: 'old steam' }],
      ['fisher', 3, PRE_SPACE],
      ['crane operator', 2, { bands: 'steam now' }],
      ['shipping agent', 1, { bands: 'steam now', minAge: 25 }],
      ['cargo hauler', 3, SPACE],
      ['ship boy', 2, { maxAge: 15, bands: 'old steam', genders: ['male'] }],
    ],
    places: [
      ['the harbour', 3],
      ['the quay', 3, PRE_SPACE],
      ['the warehouses', 2],
      ['the harbour taverns', 2],
      ['the lighthouse', 1, PRE_SPACE],
      ['the docking berths', 3, SPACE],
    ],
    factions: [
      ['the harbour master', 2],
      ['the shipowners', 2],
      ['the dockers', 2],
    ],
    flag: ['has_been_to_sea', 0.45],
    eraWeight: 0.7,
    forbid: [],
  },
  ship: {
    occupations: [
      ['deckhand', 6, { bands: 'old steam now', maxAge: 50 }],
      ['bosun', 2, { bands: 'old steam now', minAge: 28 }],
      ['sailmaker', 2, OLD],
      ["ship's carpenter", 2, OLD],
      ["ship's cook", 2],
      ['navigator', 2, { minAge: 24 }],
      ['cabin boy', 2, { maxAge: 15, genders: ['male'], bands: 'old steam' }],
      ['stoker', 3, STEAM],
      ['engineer', 2, { bands: 'steam now', minAge: 22 }],
      ['lookout', 2, { bands: 'old steam', maxAge: 40 }],
      ['drive engineer', 3, SPACE],
      ['life-support technician', 3, SPACE],
      ['hull welder', 2, SPACE],
      ['deck officer', 2, { minAge: 26 }],
      ['hydroponics technician', 3, SPACE],
      ['ship-born child', 2, { maxAge: 14, bands: 'space' }],
    ],
    places: [
      ['the lower decks', 3],
      ['the galley', 2],
      ['the hold', 2, { bands: 'old steam now' }],
      ['the crow\u2019s nest', 1, OLD],
      ['the engine room', 2, { bands: 'steam now' }],
      ['the habitat ring', 2, SPACE],
      ['the drive section', 2, SPACE],
      ['the airlocks', 1, SPACE],
      ['the observation deck', 1, SPACE],
    ],
    factions: [
      ['the captain', 3, PRE_SPACE],
      ['the officers', 2],
      ['the crew', 3],
      ['the ship\u2019s council', 3, SPACE],
    ],
    flag: ['born_aboard', 0.3],
    eraWeight: 0,
    tiers: {
      space: CREW_TIERS,
      old: ['ship\u2019s boy', 'common sailor', 'petty officer', 'officer'],
      steam: ['stoker gang', 'deckhand', 'petty officer', 'officer'],
      now: ['rating', 'crew', 'officer', 'command'],
    },
    forbid: LAND_WORDS,
  },
  station: {
    occupations: [
      ['dock loader', 4, SPACE],
      ['life-support engineer', 3, SPACE],
      ['reactor technician', 2, { bands: 'space', minAge: 22 }],
      ['EVA welder', 3, { bands: 'space', minAge: 20, maxAge: 55 }],
      ['cargo clerk', 2],
      ['station security officer', 2, { minAge: 20, bands: 'now space' }],
      ['galley cook', 2],
      ['comms officer', 2, { bands: 'steam now space' }],
      ['station administrator', 1, { minAge: 35, tiers: ['high'] }],
      ['trader', 2, OLD],
      ['post clerk', 2, OLD],
      ['station-born kid', 2, { maxAge: 15, bands: 'space' }],
    ],
    places: [
      ['the docking ring', 3, SPACE],
      ['the promenade', 2, SPACE],
      ['the spin decks', 2, SPACE],
      ['the cargo bays', 2],
      ['the trading post', 2, OLD],
      ['the corridors', 2, { bands: 'now space' }],
    ],
    factions: [
      ['the station administration', 3],
      ['the dockers', 2],
      ['the traders', 2],
    ],
    flag: ['station_born', 0.35],
    eraWeight: 0.3,
    tiers: { space: CREW_TIERS, now: CREW_TIERS },
    forbid: LAND_WORDS,
  },
  colony: {
    occupations: [
      ['settler farmer', 4, { bands: 'old steam' }],
      ['stockade builder', 2, OLD],
      ['trapper', 2, { bands: 'old steam' }],
      ['surveyor', 1, { minAge: 22 }],
      ['dome technician', 4, SPACE],
      ['ice miner', 3, { bands: 'space', minAge: 18, maxAge: 55 }],
      ['rover driver', 3, { bands: 'space', minAge: 18 }],
      ['greenhouse grower', 3, SPACE],
      ['habitat medic', 2, { bands: 'space', minAge: 24 }],
      ['colony administrator', 1, { minAge: 35, tiers: ['high'] }],
      ['colony-born kid', 2, { maxAge: 15 }],
    ],
    places: [
      ['the stockade', 2, OLD],
      ['the clearing', 2, { bands: 'old steam' }],
      ['the landing', 2, { bands: 'old steam' }],
      ['the pressure domes', 3, SPACE],
      ['the airlocks', 2, SPACE],
      ['the greenhouse domes', 2, SPACE],
      ['the rover garage', 1, SPACE],
    ],
    factions: [
      ['the colony council', 3],
      ['the company', 2],
      ['the old settlers', 2],
    ],
    flag: ['born_in_the_colony', 0.35],
    eraWeight: 0.4,
    tiers: { space: CREW_TIERS },
    forbid: [],
  },
  caravan: {
    occupations: [
      ['camel driver', 5, { bands: 'old steam', maxAge: 55 }],
      ['caravan guard', 3, { minAge: 18, maxAge: 50 }],
      ['merchant', 4, { minAge: 22 }],
      ['cook', 2],
      ['water carrier', 2, { maxAge: 35 }],
      ['scout', 2, { minAge: 18, maxAge: 45 }],
      ['farrier', 1, { bands: 'old steam' }],
      ['interpreter', 1, { minAge: 20 }],
      ['hauler driver', 3, { bands: 'now space' }],
    ],
    places: [
      ['the caravanserai', 3, { bands: 'old steam' }],
      ['the road east', 2],
      ['the oasis wells', 2, { bands: 'old steam' }],
      ['the pack lines', 2],
      ['the waystations', 2],
    ],
    factions: [
      ['the caravan masters', 3],
      ['the merchants', 3],
      ['the road guards', 2],
    ],
    flag: ['has_crossed_the_desert', 0.5],
    eraWeight: 0.5,
    forbid: [],
  },
  archipelago: {
    occupations: [
      ['fisher', 5],
      ['canoe builder', 2, OLD],
      ['boat builder', 2, { bands: 'steam now' }],
      ['net mender', 2],
      ['pearl diver', 2, { maxAge: 45, bands: 'old steam' }],
      ['navigator', 2, { minAge: 25 }],
      ['ferry pilot', 2, { bands: 'steam now' }],
      ['salt maker', 1],
      ['reef gardener', 1, SPACE],
    ],
    places: [
      ['the lagoon', 3],
      ['the reef', 2],
      ['the outer islands', 2],
      ['the beach landing', 2],
      ['the channel', 1],
    ],
    factions: [
      ['the island chiefs', 3, OLD],
      ['the island councils', 3, { bands: 'steam now space' }],
      ['the fishing families', 3],
    ],
    flag: ['can_sail_by_the_stars', 0.3],
    eraWeight: 0.6,
    forbid: [],
  },
  habitat: {
    occupations: [
      ['life-support engineer', 4, { minAge: 21 }],
      ['maintenance technician', 4, { minAge: 18 }],
      ['galley cook', 2],
      ['medic', 2, { minAge: 24 }],
      ['systems operator', 2, { minAge: 20 }],
      ['habitat administrator', 1, { minAge: 35, tiers: ['high'] }],
      ['supply runner', 2, { maxAge: 40 }],
    ],
    places: [
      ['the pressure hull', 3],
      ['the airlock', 2],
      ['the galley', 2],
      ['the life-support plant', 2],
      ['the bunk modules', 2],
    ],
    factions: [
      ['the habitat director', 3],
      ['the technicians', 2],
      ['the science staff', 2],
    ],
    flag: ['has_spent_a_year_inside', 0.5],
    eraWeight: 0.2,
    tiers: { now: CREW_TIERS, space: CREW_TIERS },
    forbid: LAND_WORDS,
  },
  camp: {
    occupations: [
      ['cook', 3],
      ['laundress', 2, { genders: ['female'], bands: 'old steam' }],
      ['guard', 3, { minAge: 18, maxAge: 50 }],
      ['water hauler', 2],
      ['tent maker', 2, { bands: 'old steam' }],
      ['camp follower', 2, { bands: 'old steam' }],
      ['quartermaster', 1, { minAge: 28 }],
      ['medic', 1, { minAge: 22, bands: 'steam now space' }],
    ],
    places: [
      ['the tents', 3],
      ['the cook fires', 2],
      ['the supply wagons', 2, { bands: 'old steam' }],
      ['the perimeter', 2],
    ],
    factions: [
      ['the camp boss', 3],
      ['the old hands', 2],
      ['the newcomers', 2],
    ],
    flag: ['means_to_stay', 0.3],
    eraWeight: 0.6,
    forbid: [],
  },
  court: {
    occupations: [
      ['courtier', 4, { minAge: 18, tiers: ['middling', 'high'] }],
      ['scribe', 3, { minAge: 16 }],
      ['court musician', 2],
      ['guard captain', 1, { minAge: 30, genders: ['male'] }],
      ['palace guard', 3, { genders: ['male'], minAge: 18, maxAge: 50 }],
      ['poet', 2, { minAge: 18 }],
      ['astrologer', 1, { minAge: 30, bands: 'old' }],
      ['lady-in-waiting', 2, { genders: ['female'], tiers: ['middling', 'high'] }],
      ['kitchen servant', 3, { tiers: ['low', 'common'] }],
      ['physician', 1, { minAge: 30 }],
      ['envoy', 1, { minAge: 28, tiers: ['high'] }],
      ['page', 2, { maxAge: 16 }],
    ],
    places: [
      ['the audience hall', 3],
      ['the palace gardens', 2],
      ['the treasury', 1],
      ['the kitchens', 2],
      ['the guest quarters', 1],
    ],
    factions: [
      ['the ruler\u2019s favourites', 3],
      ['the old nobility', 3],
      ['the treasury officials', 2],
      ['the palace guard', 2],
    ],
    flag: ['has_a_patron_at_court', 0.35],
    eraWeight: 0.4,
    tiers: { old: ['servant', 'attendant', 'official', 'noble'] },
    forbid: [],
  },
  suburb: {
    occupations: [
      ['homemaker', 3, { minAge: 22 }],
      ['commuter office worker', 4, { minAge: 22 }],
      ['high school student', 3, { minAge: 14, maxAge: 18 }],
      ['real estate agent', 1, { minAge: 25 }],
      ['car dealer', 1, { minAge: 28 }],
      ['paperboy', 1, { maxAge: 15, genders: ['male'] }],
      ['dentist', 1, { minAge: 28 }],
      ['babysitter', 1, { maxAge: 18, genders: ['female'] }],
      ['lawn-care man', 1, { genders: ['male'] }],
    ],
    places: [
      ['the cul-de-sac', 3],
      ['the strip mall', 2],
      ['the high school', 2],
      ['the backyards', 2],
      ['the parking lot', 1],
    ],
    factions: [
      ['the homeowners association', 3],
      ['the PTA', 2],
      ['the neighbours', 3],
    ],
    flag: ['owns_their_house', 0.6],
    eraWeight: 1,
    forbid: ['serf', 'serfs', 'manor', 'castle', 'peasant'],
  },
  settlement: {
    occupations: [
      ['builder', 3],
      ['forager', 3, OLD],
      ['trader', 3],
      ['guard', 2, { minAge: 18, maxAge: 50 }],
      ['cook', 2],
      ['well keeper', 2, { minAge: 25 }],
    ],
    places: [
      ['the gate', 2],
      ['the well', 2],
      ['the meeting house', 2],
      ['the storehouse', 2],
    ],
    factions: [
      ['the settlement council', 3],
      ['the founders', 2],
      ['the newcomers', 2],
    ],
    flag: ['helped_build_the_place', 0.4],
    eraWeight: 0.8,
    forbid: [],
  },
};

/** A collapsed world: scavenging and scarcity replace the era's trades. */
export const RUINED_PACK: Pick<SettingPack, 'occupations' | 'places' | 'factions' | 'flag'> = {
  occupations: [
    ['scavenger', 5, { maxAge: 55 }],
    ['water trader', 3, { minAge: 20 }],
    ['well keeper', 2, { minAge: 28 }],
    ['salvage mechanic', 3, { minAge: 16 }],
    ['raider turned guard', 2, { minAge: 18, maxAge: 50 }],
    ['scrap smith', 2],
    ['hunter', 2, { maxAge: 50 }],
    ['old-world survivor', 2, { minAge: 60 }],
    ['runner', 2, { maxAge: 20 }],
    ['medic', 1, { minAge: 25 }],
  ],
  places: [
    ['the ruins', 3],
    ['the scrap heaps', 2],
    ['the dust road', 2],
    ['the barricade', 2],
    ['the old highway', 1],
  ],
  factions: [
    ['the raiders', 2],
    ['the elders\u2019 council', 3],
    ['the scavenger crews', 3],
    ['the traders\u2019 compact', 2],
  ],
  flag: ['remembers_the_old_world', 0.2],
};

/** Magic on top of an era: the fantasy trades and powers. */
export const FANTASY_PACK: Pick<SettingPack, 'occupations' | 'places' | 'factions' | 'flag'> = {
  occupations: [
    ['hedge witch', 2, { minAge: 25 }],
    ['alchemist', 2, { minAge: 25 }],
    ['wizard\u2019s apprentice', 2, { maxAge: 22 }],
    ['monster hunter', 2, { minAge: 18, maxAge: 50 }],
    ['runecarver', 1, { minAge: 20 }],
    ['bard', 2],
    ['herbalist', 2],
  ],
  places: [
    ['the standing stones', 2],
    ['the wizard\u2019s tower', 2],
    ['the enchanted wood', 2],
  ],
  factions: [
    ['the mages\u2019 circle', 2],
    ['the old houses', 2],
  ],
  flag: ['has_magic', 0.15],
};
