/**
 * The phrase-derivation lexicon (a data file, long on purpose): head nouns and activity words
 * a description may use ("guilds", "whaling", "railroad", "reservoir"), each with the
 * occupations, factions, places and stakes it implies, band-tagged where the era matters
 * (mining in 1870 has assayers, on Mars drill operators). derive.ts matches the sketch's
 * phrases against it; keys are lower-case words, "whal*" a prefix (whaling, whaler, whales).
 *   LEXICON.find((e) => e.keys.includes('whal*'))!.occupations[0] // ['harpooner', 4, ...]
 * Cost: static data, loaded once.
 */
import type { Flag, Opt } from './types.js';

export interface LexEntry {
  /** Words (a plural -s/-es also matches); a trailing * matches a prefix ("rail*": railroad, railway). */
  keys: readonly string[];
  occupations: readonly Opt[];
  factions?: readonly Opt[];
  places?: readonly Opt[];
  /** A faction that opposes the phrase's own, used when the description names a conflict. */
  rivals?: readonly string[];
  flag?: Flag;
}

const OLD = { bands: 'old' } as const;
const PRE = { bands: 'old steam' } as const;
const MODERN = { bands: 'steam now' } as const;
const SPACE = { bands: 'space' } as const;
const ADULT = { minAge: 20 } as const;

export const LEXICON: readonly LexEntry[] = [
  {
    keys: ['hydroponic*', 'aeroponic*', 'grow-bay'],
    occupations: [
      ['hydroponics tender', 5],
      ['grow-bay technician', 3, ADULT],
      ['seed keeper', 1, { minAge: 35 }],
      ['nutrient mixer', 2],
    ],
    places: [
      ['the grow bays', 3],
      ['the nutrient tanks', 2],
    ],
  },
  {
    keys: ['guild'],
    occupations: [
      ['guild steward', 3, { minAge: 30 }],
      ['guild apprentice', 3, { maxAge: 20 }],
      ['guildmaster', 1, { minAge: 45, tiers: ['middling', 'high'] }],
    ],
    places: [['the guild halls', 2]],
  },
  {
    keys: ['water'],
    occupations: [
      ['water-ration clerk', 2, SPACE],
      ['recycler technician', 3, SPACE],
      ['water trader', 3, { bands: 'old steam now' }],
      ['well keeper', 2, PRE],
      ['water carrier', 2, OLD],
    ],
    places: [
      ['the cisterns', 2, PRE],
      ['the water reclaimers', 2, SPACE],
      ['the ration counters', 1, SPACE],
    ],
    rivals: ['the water wardens'],
  },
  {
    keys: ['ice'],
    occupations: [
      ['ice miner', 3, SPACE],
      ['ice hauler', 2, SPACE],
    ],
    places: [['the ice fields', 1, SPACE]],
    rivals: ['the ice claimants'],
  },
  {
    keys: ['cartel'],
    occupations: [
      ['cartel enforcer', 3, { minAge: 18, maxAge: 50 }],
      ['cartel accountant', 2, ADULT],
      ['cartel boss', 1, { minAge: 35, tiers: ['high'] }],
    ],
    factions: [['the independents', 2]],
    places: [['the cartel offices', 2]],
    rivals: ['the independents'],
  },
  {
    keys: ['music*', 'band', 'scene', 'nightlife'],
    occupations: [
      ['bandleader', 3, { minAge: 22 }],
      ['club owner', 2, { minAge: 28 }],
      ['record seller', 2, MODERN],
      ['dancer', 3, { maxAge: 40 }],
      ['drummer', 2],
      ['singer', 3],
      ['sound engineer', 1, MODERN],
      ['music promoter', 1, { minAge: 25 }],
    ],
    factions: [
      ['the rival bands', 2],
      ['the club owners', 2],
    ],
    places: [
      ['the dance halls', 3],
      ['the nightclubs', 2, MODERN],
      ['the record shops', 2, MODERN],
    ],
    flag: ['plays_an_instrument', 0.45],
  },
  {
    keys: ['highlife', 'juju', 'afrobeat'],
    occupations: [
      ['highlife guitarist', 4],
      ['horn player', 2],
      ['palm-wine singer', 1],
    ],
    places: [['the highlife clubs', 3]],
  },
  {
    keys: ['jazz', 'swing', 'blues'],
    occupations: [
      ['jazz trumpeter', 3],
      ['pianist', 2],
      ['speakeasy owner', 2, { minAge: 28 }],
      ['bootlegger', 2, { minAge: 18 }],
      ['cigarette girl', 1, { genders: ['female'], maxAge: 28 }],
    ],
    places: [
      ['the speakeasies', 2],
      ['the bandstand', 2],
    ],
    factions: [
      ['the mob', 2],
      ['the dry agents', 1],
    ],
  },
  {
    keys: ['whal*'],
    occupations: [
      ['harpooner', 4, { genders: ['male'], minAge: 18, maxAge: 50 }],
      ['whaleboat steerer', 3, { genders: ['male'], minAge: 20 }],
      ['cooper', 3, ADULT],
      ['shipowner', 1, { minAge: 35, tiers: ['high'] }],
      ['ship chandler', 2, { minAge: 25 }],
      ['greenhand', 3, { genders: ['male'], minAge: 15, maxAge: 22 }],
      ['sea captain\u2019s wife', 2, { genders: ['female'], minAge: 22 }],
      ['rigger', 2, { genders: ['male'] }],
    ],
    factions: [
      ['the shipowners', 3],
      ['the whaling captains', 2],
    ],
    places: [
      ['the wharves', 3],
      ['the try-works', 2],
      ['the chandlery', 2],
      ['the counting houses', 1],
    ],
    flag: ['has_sailed_on_a_whaler', 0.4],
  },
  {
    keys: ['rail*', 'locomotive'],
    occupations: [
      ['track layer', 4, { genders: ['male'], minAge: 16, maxAge: 50 }],
      ['telegraph operator', 2, ADULT],
      ['saloon keeper', 2, { minAge: 25 }],
      ['assayer', 1, { minAge: 25 }],
      ['brakeman', 2, { genders: ['male'] }],
      ['station agent', 1, { minAge: 25 }],
      ['locomotive engineer', 1, { minAge: 28 }],
    ],
    factions: [['the railroad company', 3]],
    places: [
      ['the depot', 3],
      ['the railhead', 2],
      ['the water tower', 1],
    ],
  },
  {
    keys: ['boomtown', 'boom'],
    occupations: [
      ['saloon keeper', 3, { minAge: 25 }],
      ['gambler', 2, ADULT],
      ['prospector', 3, { minAge: 18 }],
      ['boardinghouse keeper', 2, { minAge: 28 }],
      ['dance-hall girl', 1, { genders: ['female'], maxAge: 30 }],
      ['claim agent', 1, ADULT],
    ],
    factions: [
      ['the vigilance committee', 2],
      ['the claim jumpers', 1],
    ],
    places: [
      ['the saloons', 3],
      ['the assay office', 2],
      ['the main street', 2],
    ],
  },
  {
    keys: ['mining', 'mine', 'miner', 'ore', 'quarry', 'quarries'],
    occupations: [
      ['miner', 5, { minAge: 16, maxAge: 55 }],
      ['shift boss', 2, { minAge: 30 }],
      ['assayer', 2, { minAge: 25, bands: 'old steam' }],
      ['ore hauler', 3],
      ['drill operator', 3, { bands: 'now space', minAge: 18 }],
      ['mine engineer', 1, { minAge: 26 }],
      ['powder man', 1, PRE],
    ],
    factions: [
      ['the mine owners', 3],
      ['the miners\u2019 union', 2, MODERN],
    ],
    places: [
      ['the mine shafts', 3],
      ['the ore yards', 2],
      ['the smelter', 1],
    ],
    rivals: ['the miners\u2019 union'],
  },
  {
    keys: ['shipyard', 'drydock', 'dockyard', 'shipbuilding'],
    occupations: [
      ['shipwright', 4, ADULT],
      ['welder', 3, { bands: 'steam now space', minAge: 18 }],
      ['drydock foreman', 2, { minAge: 32 }],
      ['rigger', 2, PRE],
      ['riveter', 2, { bands: 'steam' }],
      ['hull fitter', 3, SPACE],
      ['crane pilot', 2, { bands: 'now space' }],
      ['naval architect', 1, { minAge: 28 }],
    ],
    factions: [
      ['the yard bosses', 3],
      ['the welders\u2019 crews', 2],
    ],
    places: [
      ['the drydock', 3],
      ['the slipways', 2, PRE],
      ['the assembly gantries', 3, SPACE],
    ],
  },
  {
    keys: ['caravan*'],
    occupations: [
      ['caravan master', 3, { minAge: 35 }],
      ['camel driver', 4, PRE],
      ['silk merchant', 2, { minAge: 25 }],
      ['caravanserai keeper', 2, { minAge: 30 }],
      ['money changer', 1, ADULT],
      ['caravan guard', 2, { minAge: 18 }],
    ],
    factions: [['the caravan masters', 3]],
    places: [
      ['the caravanserai', 3],
      ['the camel market', 2],
    ],
  },
  {
    keys: ['silk'],
    occupations: [
      ['silk merchant', 3, ADULT],
      ['silk weaver', 2],
    ],
    places: [['the silk bazaar', 2]],
  },
  {
    keys: ['spice'],
    occupations: [
      ['spice merchant', 3, ADULT],
      ['spice grinder', 2],
    ],
  },
  {
    keys: ['salt'],
    occupations: [
      ['salt boiler', 3],
      ['salt trader', 2, ADULT],
    ],
  },
  {
    keys: ['court', 'palace'],
    occupations: [
      ['courtier', 3, { minAge: 18 }],
      ['scribe', 3],
      ['court musician', 2],
      ['guard captain', 1, { minAge: 30 }],
      ['poet', 2],
      ['astrologer', 1, { minAge: 30, bands: 'old' }],
    ],
    factions: [
      ['the ruler\u2019s favourites', 3],
      ['the old nobility', 2],
    ],
    places: [
      ['the audience hall', 3],
      ['the palace gardens', 2],
    ],
    flag: ['has_a_patron_at_court', 0.35],
  },
  {
    keys: ['research*', 'laborator*', 'scien*'],
    occupations: [
      ['researcher', 4, { minAge: 24 }],
      ['lab technician', 3, ADULT],
      ['data analyst', 2, { bands: 'now space' }],
      ['principal investigator', 1, { minAge: 38, tiers: ['high'] }],
      ['graduate student', 2, { minAge: 22, maxAge: 30 }],
    ],
    factions: [
      ['the science staff', 3],
      ['the funding board', 2],
    ],
    places: [['the lab modules', 3]],
  },
  {
    keys: ['underwater', 'undersea', 'marine', 'seabed', 'subsea', 'submarine'],
    occupations: [
      ['marine biologist', 4, { minAge: 24 }],
      ['dive technician', 4, { minAge: 19, maxAge: 50 }],
      ['life-support engineer', 3, ADULT],
      ['submersible pilot', 2, ADULT],
      ['oceanographer', 2, { minAge: 26 }],
    ],
    places: [
      ['the moon pool', 3],
      ['the dive locker', 2],
      ['the viewports', 2],
      ['the pressure doors', 2],
    ],
    flag: ['certified_saturation_diver', 0.3],
  },
  {
    keys: ['reservoir', 'oasis', 'oases', 'cistern', 'aquifer'],
    occupations: [
      ['water trader', 4],
      ['well keeper', 3, { minAge: 25 }],
      ['cistern guard', 2, { minAge: 18 }],
      ['dowser', 1, { minAge: 30 }],
    ],
    places: [
      ['the old dam wall', 2],
      ['the last well', 2],
    ],
    rivals: ['the water hoarders'],
  },
  {
    keys: ['trade', 'trading', 'trader', 'merchant', 'market', 'bazaar', 'commerce', 'emporium'],
    occupations: [
      ['merchant', 4, ADULT],
      ['warehouse keeper', 2, { minAge: 25 }],
      ['porter', 3, { maxAge: 50 }],
      ['money changer', 1, { minAge: 25, bands: 'old steam' }],
      ['sea trader', 2, { bands: 'old', minAge: 20 }],
      ['tally clerk', 2],
    ],
    factions: [['the merchant houses', 3]],
    places: [
      ['the warehouses', 2],
      ['the market stalls', 2],
    ],
  },
  {
    keys: ['fish', 'fishing', 'fisher*'],
    occupations: [
      ['fisher', 5],
      ['net mender', 2],
      ['fish seller', 2],
    ],
    places: [['the fish market', 2]],
  },
  {
    keys: ['logging', 'lumber*', 'timber'],
    occupations: [
      ['logger', 4],
      ['sawyer', 2],
      ['teamster', 2, PRE],
    ],
    places: [['the sawmill', 2]],
  },
  {
    keys: ['ranch*', 'cattle', 'cowboy', 'cowhand'],
    occupations: [
      ['cowhand', 4],
      ['rancher', 2, { minAge: 30 }],
      ['wrangler', 2],
    ],
    places: [['the corrals', 2]],
  },
  {
    keys: ['oil', 'oilfield', 'petrol*'],
    occupations: [
      ['roughneck', 3, { bands: 'steam now' }],
      ['driller', 2, MODERN],
      ['oil presser', 2, OLD],
    ],
  },
  {
    keys: ['factory', 'factories', 'mill', 'industrial', 'industry'],
    occupations: [
      ['mill hand', 4, MODERN],
      ['foreman', 2, { minAge: 30 }],
      ['loom tender', 2, { bands: 'steam' }],
    ],
    factions: [['the mill owners', 2]],
  },
  {
    keys: ['legion*', 'fort', 'fortress', 'garrison', 'barrack', 'soldier', 'army', 'armies'],
    occupations: [
      ['legionary', 4, { genders: ['male'], minAge: 18, maxAge: 45, bands: 'old' }],
      ['soldier', 4, { genders: ['male'], minAge: 18, maxAge: 45, bands: 'steam now space' }],
      ['centurion', 1, { genders: ['male'], minAge: 30, bands: 'old' }],
      ['sergeant', 1, { genders: ['male'], minAge: 28, bands: 'steam now space' }],
      ['armourer', 2, ADULT],
      ['auxiliary scout', 2, { genders: ['male'], minAge: 18 }],
      ['camp follower', 2, { genders: ['female'] }],
      ['quartermaster', 1, { minAge: 28 }],
    ],
    factions: [
      ['the garrison', 3],
      ['the local tribes', 2, OLD],
    ],
    places: [
      ['the barracks', 3],
      ['the parade ground', 2],
      ['the granary', 1],
    ],
  },
  {
    keys: ['temple', 'monaster*', 'shrine'],
    occupations: [
      ['temple servant', 3],
      ['acolyte', 2, { maxAge: 22 }],
      ['temple scribe', 1, ADULT],
    ],
    places: [['the temple precinct', 2]],
  },
  {
    keys: ['school', 'academy', 'universit*', 'college'],
    occupations: [
      ['student', 4, { maxAge: 25 }],
      ['lecturer', 2, { minAge: 28 }],
      ['librarian', 1, { minAge: 25 }],
    ],
    places: [
      ['the lecture halls', 2],
      ['the library', 2],
    ],
  },
  {
    keys: ['arcolog*', 'megacorp*', 'corporat*'],
    occupations: [
      ['corporate security officer', 3, ADULT],
      ['office drone', 3, ADULT],
      ['arcology maintenance tech', 3],
      ['sky-garden tender', 1],
      ['corporate executive', 1, { minAge: 32, tiers: ['high'] }],
    ],
    factions: [['the megacorps', 3]],
    places: [
      ['the arcology levels', 3],
      ['the sky gardens', 1],
      ['the maglev line', 2],
    ],
  },
  {
    keys: ['cyberpunk', 'neon', 'hacker', 'netrunner', 'cyber*'],
    occupations: [
      ['netrunner', 3, { maxAge: 45 }],
      ['street doc', 2, { minAge: 28 }],
      ['fixer', 2, { minAge: 25 }],
      ['data courier', 2, { maxAge: 40 }],
    ],
    factions: [
      ['the street gangs', 2],
      ['the hacker collectives', 2],
    ],
    places: [
      ['the neon strip', 2],
      ['the black-market clinics', 2],
    ],
    flag: ['has_cyberware', 0.5],
  },
  {
    keys: ['voyag*', 'canoe', 'outrigger', 'wayfind*'],
    occupations: [
      ['wayfinder', 3, { minAge: 25 }],
      ['canoe builder', 3, ADULT],
      ['sail weaver', 2],
      ['paddler', 3, { minAge: 15, maxAge: 45 }],
      ['fisher', 2],
      ['bailer boy', 1, { maxAge: 15, genders: ['male'] }],
    ],
    factions: [
      ['the navigators', 3],
      ['the voyaging chiefs', 2],
    ],
    places: [
      ['the double-hulled canoes', 3],
      ['the star paths', 2],
      ['the open ocean', 2],
    ],
    flag: ['can_sail_by_the_stars', 0.35],
  },
  {
    keys: ['elf', 'elves', 'elven', 'elvish', 'sylvan'],
    occupations: [
      ['forest warden', 4],
      ['bowyer', 2],
      ['loremaster', 1, { minAge: 80 }],
      ['tree-singer', 2],
      ['moon-priestess', 1, { genders: ['female'] }],
    ],
    factions: [
      ['the royal household', 2],
      ['the forest wardens', 3],
    ],
    places: [
      ['the high boughs', 2],
      ['the moonlit glades', 2],
    ],
  },
  {
    keys: ['pirat*', 'buccaneer', 'corsair'],
    occupations: [
      ['buccaneer', 4],
      ['quartermaster', 1, { minAge: 28 }],
      ['powder monkey', 2, { maxAge: 15 }],
      ['fence', 1, ADULT],
    ],
    factions: [
      ['the pirate captains', 3],
      ['the navy', 2],
    ],
    places: [['the hideout coves', 2]],
  },
  {
    keys: ['smuggl*'],
    occupations: [
      ['smuggler', 4, ADULT],
      ['fence', 1, ADULT],
    ],
    factions: [['the smuggling rings', 3]],
  },
  {
    keys: ['post', 'road', 'highway', 'inn', 'waystation', 'tollroad'],
    occupations: [
      ['innkeeper', 3, { minAge: 28 }],
      ['porter', 3, { minAge: 15, maxAge: 50 }],
      ['packhorse driver', 3, PRE],
      ['post-station official', 1, { minAge: 30, bands: 'old' }],
      ['toll keeper', 1, PRE],
      ['courier', 2, { maxAge: 40 }],
    ],
    places: [
      ['the inns', 2],
      ['the post station', 2, PRE],
    ],
  },
  {
    keys: ['gold', 'silver', 'prospect*'],
    occupations: [
      ['prospector', 4],
      ['assayer', 1, { minAge: 25 }],
      ['claim agent', 1, ADULT],
    ],
  },
  {
    keys: ['fur', 'trapp*'],
    occupations: [
      ['trapper', 4],
      ['fur trader', 2, ADULT],
    ],
  },
  {
    keys: ['print*', 'newspaper', 'press'],
    occupations: [
      ['printer', 2],
      ['reporter', 2, ADULT],
      ['typesetter', 2],
    ],
  },
  {
    keys: ['wine', 'vineyard', 'vintner'],
    occupations: [
      ['vintner', 2, { minAge: 30 }],
      ['grape picker', 3],
      ['cooper', 2],
    ],
  },
  {
    keys: ['brew*', 'beer', 'ale'],
    occupations: [
      ['brewer', 3],
      ['maltster', 2],
    ],
  },
  { keys: ['glass*'], occupations: [['glassblower', 3]] },
  {
    keys: ['council'],
    occupations: [
      ['council clerk', 2],
      ['councillor', 1, { minAge: 35, tiers: ['middling', 'high'] }],
    ],
  },
  {
    keys: ['company', 'companies'],
    occupations: [
      ['company clerk', 2],
      ['company agent', 1, { minAge: 28 }],
      ['foreman', 2, { minAge: 30 }],
    ],
  },
  {
    keys: ['union', 'syndicat*'],
    occupations: [
      ['union organiser', 2, ADULT],
      ['shop steward', 1, { minAge: 30 }],
    ],
  },
  {
    keys: ['clan', 'dynast*'],
    occupations: [
      ['household retainer', 2],
      ['clan elder', 1, { minAge: 55 }],
    ],
  },
  {
    keys: ['order', 'brotherhood', 'knight'],
    occupations: [
      ['initiate', 2, { maxAge: 25 }],
      ['sworn brother', 2, ADULT],
    ],
  },
  {
    keys: ['mafia', 'mob', 'gang', 'crime'],
    occupations: [
      ['gangster', 3, { minAge: 17, maxAge: 50 }],
      ['detective', 1, { minAge: 28 }],
      ['numbers runner', 2, { maxAge: 30 }],
    ],
    factions: [['the police', 2]],
  },
  {
    keys: ['farm', 'farming', 'agricultur*', 'plantation'],
    occupations: [
      ['farmhand', 4],
      ['farmer', 4, { minAge: 20 }],
    ],
  },
  {
    keys: ['theat*', 'opera', 'circus'],
    occupations: [
      ['actor', 3],
      ['stagehand', 2],
      ['acrobat', 2, { maxAge: 35 }],
      ['playwright', 1, { minAge: 25 }],
    ],
    places: [['the playhouse', 2]],
  },
  {
    keys: ['generation'],
    occupations: [
      ['ship-born teacher', 2, ADULT],
      ['genealogy keeper', 1, { minAge: 40 }],
    ],
    places: [['the founders\u2019 memorial', 1]],
  },
  {
    keys: ['dome', 'terraform*'],
    occupations: [
      ['dome technician', 3],
      ['terraforming engineer', 2, { minAge: 24 }],
    ],
  },
];
