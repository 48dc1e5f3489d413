/**
 * What procedural text knows of a world: the description's own phrases sorted by role (from
 * the WorldSketch), made ready for sentences ("on Crete", "on the way to Tau Ceti", "the
 * water cartel", "whaling", "water rights"), plus the profile's place terms, the home
 * ("aboard the ship") and the tech level's everyday words. Cached per profile and description.
 *   const view = worldView(sketch, profile); view.place(rand) // 'on Crete'
 * Cost: a few string scans per world, once; place() is two random draws.
 */
import type { Profile } from '../../core/profile-schema.js';
import type { WorldSketch } from '../../stages/sketch/sketch-types.js';
import { NEED } from './text-template.js';
import { homeNoun, homePhrase, lexicon, type Lexicon } from './text-words.js';

export interface WorldView {
  /** Place phrases with prepositions: the description's own first. */
  places: readonly string[];
  /** The same places as bare noun phrases ("Crete", "the ship"), index for index. */
  placeNPs: readonly string[];
  /** How many of `places` come from the description itself (its phrases, then the home when it names it). */
  ownPlaces: number;
  /** How many of `places` are the description's own phrases (not the home). */
  namedPlaces: number;
  insts: readonly string[];
  acts: readonly string[];
  res: readonly string[];
  /** Per phrase: does it repeat a word of the description itself ("shipbuilding" for "shipyard" does not)? */
  instSaid: readonly boolean[];
  actSaid: readonly boolean[];
  resSaid: readonly boolean[];
  /** Other profile terms (things, slang): used only in tolerant frames. */
  things: readonly string[];
  home: string;
  lex: Lexicon;
  available: number;
  /** Every phrase a grounded text may show (lower case), for tests and checks. */
  grounding: readonly string[];
  /** The index of a place to use (the description's own most of the time). */
  place(rand: (n: number) => number): number;
}

const PREPS = new Set([
  'in',
  'on',
  'at',
  'above',
  'below',
  'beneath',
  'under',
  'near',
  'around',
  'beyond',
  'off',
  'outside',
  'along',
  'across',
  'inside',
  'over',
  'by',
  'aboard',
  'within',
]);
const SETTING_WORDS =
  /^(village|town|boomtown|city|port|harbou?r|ship|station|colony|caravan|habitat|camp|court|suburbs?|settlement|fort|outpost|base|shipyard|capital|metropolis|megacity|kingdom|realm|empire|island|islands|arcology|district|quarter|scene|market|bazaar|fleet|levels?|club|hall|house|longhouse|palace|temple|forum|baths|bay|bays|ring|deck|decks|module|modules|post|square|thing)$/i;

const SMALL = new Set([
  'of',
  'on',
  'in',
  'the',
  'de',
  'du',
  'la',
  'le',
  'del',
  'da',
  'von',
  'van',
  'upon',
  'and',
  'to',
  'al',
  'el',
  'northern',
  'southern',
  'eastern',
  'western',
  'upper',
  'lower',
  'old',
  'new',
  'central',
  'north',
  'south',
  'east',
  'west',
  'halfway',
]);
/** A proper name: every word capitalised but for small connectors ("Rio de Janeiro", "northern Britain"). */
function isProper(phrase: string): boolean {
  return (
    /\p{Lu}/u.test(phrase) && phrase.split(/\s+/).every((w) => /^[\p{Lu}\d]/u.test(w) || /-\p{Lu}/u.test(w) || SMALL.has(w.toLowerCase()))
  );
}
/** Proper names that take "the" in English: "the Silk Road", "the Midwest", "the Caribbean". */
const THE_NAMES =
  /^(?:\S+ )*(Road|River|Sea|Ocean|Mountains|Desert|Coast|Valley|Islands|Isles|Alps|Andes|Highlands|Lowlands|Plains|Steppe|Gulf|Strait|Channel|Canal|Midwest|Caribbean|Sahara|Levant|Balkans|Arctic|Antarctic|Mediterranean|Netherlands|Philippines|Hebrides|Pacific|Atlantic|Frontier|Empire|Republic|Kingdom|Commonwealth|Confederacy|Union)$/;
function withThe(phrase: string): string {
  if (/^(a|an)\s/i.test(phrase)) return phrase.replace(/^(a|an)\s/i, 'the ');
  if (/^the\s/i.test(phrase)) return phrase;
  if (isProper(phrase)) return THE_NAMES.test(phrase) && !/['’]s\s/.test(phrase) ? `the ${phrase}` : phrase;
  return `the ${phrase}`;
}
/** The head noun of a place phrase: "post town on the Nakasendo road" -> "town". */
function headOf(np: string): string {
  const main = np.split(/\s(?:on|in|of|to|above|below|by|near|at|around|beyond|under|along)\s/)[0] ?? np;
  return main.trim().split(/\s+/).pop() ?? '';
}
/** Words that name somewhere you can be: a profile term is a place when it ends in one. */
const PLACE_HEADS = new Set(
  `inn station market hall square bay dock pool locker module deck ring gate well shop club house longhouse yard road street quarter
district port harbour harbor wharf pier mill manor church chapel temple shrine mosque court palace fort wall camp tent bazaar souk caravanserai plaza alley
arcade tower block estate farm field common commons green village town city ship hold bridge dome hab corridor lab counter parlour saloon tavern pub bar cafe
lounge garden grove forest quay shipyard mine shaft pit workshop forge smithy stall zone sector ward level spire mall suburb school hospital hull viewport
door room kitchen landing beach shore coast river canal lake hill valley ridge marsh dune oasis well spring ruin ruins warehouse depot terminal platform
stage studio theatre theater arena ground grounds park lot strip cul-de-sac crossroads road lane track trail pass waystation outpost colony settlement base
habitat greenhouse lock airlock bazaar cellar attic loft rooftop barracks keep castle abbey priory monastery cloister library archive office bank exchange
canoe ocean sea marae galley storeroom storehouse granary forum baths drydock promenade wharf chandlery store stables stable speakeasy bandstand drugstore clinic
glade wood woods highway barricade reservoir dam chinampa haveli ghat tenement garage smelter arcology gantry quarters`.split(/\s+/),
);
function isPlaceTerm(term: string): boolean {
  if (isProper(term.replace(/^the\s/i, ''))) return true;
  const last = term.toLowerCase().split(/\s+/).pop() ?? '';
  const singular = [last, last.replace(/s$/, ''), last.replace(/es$/, ''), last.replace(/ies$/, 'y'), last.replace(/ves$/, 'f')];
  return singular.some((w) => PLACE_HEADS.has(w));
}

const BODIES = new Set([
  'mars',
  'venus',
  'mercury',
  'the moon',
  'luna',
  'europa',
  'titan',
  'ceres',
  'ganymede',
  'callisto',
  'io',
  'enceladus',
  'earth',
  'triton',
  'phobos',
  'deimos',
]);

/** A place as a noun phrase, with the "the" the description gives it ("the Nakasendo road"). */
function placeNP(description: string, place: string): string {
  const np = withThe(place);
  if (/^the\s/i.test(np)) return np;
  const d = description.toLowerCase();
  const at = d.indexOf(np.toLowerCase());
  return at >= 4 && d.slice(at - 4, at) === 'the ' ? `the ${np}` : np;
}

/** "Crete" in "a port on Crete" -> "on Crete"; "Tau Ceti" after "to" -> "on the way to Tau Ceti". */
function placePhrase(description: string, place: string): string {
  const np = placeNP(description, place);
  const bare = np.replace(/^the\s/i, '').toLowerCase();
  const d = description.toLowerCase();
  const at = d.indexOf(bare);
  if (BODIES.has(np.toLowerCase())) return `on ${np}`;
  if (at > 0) {
    const before = d.slice(0, at).trim().split(/\s+/);
    let w = before[before.length - 1] ?? '';
    if (w === 'the' || w === 'a' || w === 'an') w = before[before.length - 2] ?? '';
    if (w === 'to' || w === 'towards' || w === 'toward' || w === 'for') return `on the way to ${np}`;
    if (w === 'orbiting') return `in orbit around ${np}`;
    if (PREPS.has(w)) return `${w} ${np}`;
  }
  if (/\bship\b/i.test(np)) return `aboard ${np}`;
  const head = headOf(np);
  if (/^(road|street|highway|route|trail|track|path|lane|strip|line)$/i.test(head)) return `along ${np}`;
  if (isProper(np.replace(/^the\s/, '')) || SETTING_WORDS.test(head)) return `in ${np}`;
  return `around ${np}`;
}

/** An activity as a sentence object: "whaling" stays bare, "highlife music scene" gets "the". */
function activity(a: string): string {
  return /^\S+ing$/i.test(a) || /^(the|a)\s/i.test(a) || /^\p{Lu}/u.test(a) ? a.replace(/^a\s/i, 'the ') : `the ${a}`;
}

function uniquePairs(list: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const seen = new Set<string>();
  return list.filter(([phrase]) => {
    const k = phrase.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function unique(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = x.toLowerCase();
    if (!x || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function buildWorldView(sketch: WorldSketch, profile: Profile): WorldView {
  const desc = sketch.description;
  const ownNames = [...sketch.phrases.places];
  if (sketch.region && !ownNames.some((p) => p.toLowerCase().includes(sketch.region!.toLowerCase()))) ownNames.push(sketch.region);
  const termNames: string[] = [];
  const things: string[] = [];
  for (const t of profile.terms) {
    const term = t.trim();
    if (!term) continue;
    if (isPlaceTerm(term)) termNames.push(term);
    else things.push(term);
  }
  // The home ("aboard the ship") comes from the description's own setting word.
  const home = [homePhrase(sketch.setting), homeNoun(sketch.setting)] as const;
  const homeSaid = desc.toLowerCase().includes(home[1].replace(/^the\s/, ''));
  const pairs = ownNames.map((p) => [placePhrase(desc, p), placeNP(desc, p)] as const);
  if (homeSaid) pairs.push(home);
  const ownPlaces = uniquePairs(pairs);
  const all = uniquePairs([...ownPlaces, ...termNames.map((p) => [placePhrase(desc, p), placeNP(desc, p)] as const)]);
  if (!all.length) all.push(home);
  const places = all.map((p) => p[0]);
  const placeNPs = all.map((p) => p[1]);
  const insts = unique(sketch.phrases.institutions.map(withThe));
  const acts = unique(sketch.phrases.activities.map(activity));
  const res = unique(sketch.phrases.resources.map((r) => r.replace(/^(the|a|an)\s/i, '')));
  const available = (insts.length ? NEED.inst : 0) | (acts.length ? NEED.act : 0) | (res.length ? NEED.res : 0);
  const n = places.length;
  const nOwn = ownPlaces.length;
  const grounding = unique(
    [
      ...sketch.phrases.places,
      ...sketch.phrases.institutions,
      ...sketch.phrases.activities,
      ...sketch.phrases.resources,
      ...(sketch.region ? [sketch.region] : []),
      ...profile.terms,
      homeNoun(sketch.setting),
    ].map((x) => x.replace(/^(the|a|an)\s/i, '').toLowerCase()),
  );
  const words = new Set(
    desc
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3),
  );
  const said = (phrase: string) =>
    phrase
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .some((w) => w.length >= 3 && w !== 'the' && words.has(w));
  return {
    places,
    placeNPs,
    instSaid: insts.map(said),
    actSaid: acts.map(said),
    resSaid: res.map(said),
    ownPlaces: nOwn,
    namedPlaces: uniquePairs(ownNames.map((p) => [placePhrase(desc, p), placeNP(desc, p)] as const)).length,
    insts,
    acts,
    res,
    things: unique(things),
    home: homeNoun(sketch.setting),
    lex: lexicon(sketch.tech),
    available,
    grounding,
    // The description's own places most of the time; otherwise any, favouring the first.
    place: (rand) => {
      if (nOwn && rand(5) < 3) return rand(nOwn);
      const a = rand(n);
      const b = rand(n);
      return a < b ? a : b;
    },
  };
}

const views = new WeakMap<Profile, Map<string, WorldView>>();
/** The view of (sketch, profile), built once. */
export function worldView(sketch: WorldSketch, profile: Profile): WorldView {
  let byDesc = views.get(profile);
  if (!byDesc) views.set(profile, (byDesc = new Map<string, WorldView>()));
  let v = byDesc.get(sketch.description);
  if (!v) {
    if (byDesc.size > 64) byDesc.clear();
    byDesc.set(sketch.description, (v = buildWorldView(sketch, profile)));
  }
  return v;
}
