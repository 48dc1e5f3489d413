/**
 * The facet-composed offline profile (world-profile.ts + packs/): for each public world,
 * built from a hand-written sketch so it does not depend on sketch.ts, the profile
 * validates, derives the trades and factions its description implies, puts the
 * description's own phrases first in its terms, and admits no word of another era,
 * setting or culture (the wrong-world lists below are written independently of the packs).
 *   npx vitest run test/world-profile-facets.test.ts
 * Cost: ~1 s.
 */
import { describe, expect, it } from 'vitest';
import { type Profile, validateProfile } from '../src/core/profile-schema.js';
import type { WorldSketch } from '../src/stages/sketch/sketch-types.js';
import { composeProfile, proceduralProfile } from '../src/providers/procedural/world-profile.js';

type Partial = Omit<WorldSketch, 'phrases' | 'fantasy' | 'ruined' | 'year' | 'region'> &
  Pick<Partial2<WorldSketch>, 'fantasy' | 'ruined' | 'year' | 'region'> & { phrases?: Partial2<WorldSketch['phrases']> };
type Partial2<T> = { [K in keyof T]?: T[K] };

function sketch(s: Partial): WorldSketch {
  return {
    year: null,
    region: null,
    fantasy: false,
    ruined: false,
    ...s,
    phrases: { institutions: [], activities: [], places: [], resources: [], ...s.phrases },
  };
}

const PRE_1990 = ['software', 'smartphone', 'internet', 'online', 'app', 'email', 'laptop', 'group chat', 'barista'];
const PRE_1950 = [...PRE_1990, 'spaceship', 'starship', 'orbital', 'hologram', 'rocket', 'computer', 'drone'];
const PRE_1800 = [...PRE_1950, 'telegraph', 'railroad', 'railway', 'steam', 'radio', 'telephone', 'factory', 'newspaper'];
const NOT_CHRISTIAN = ['church', 'parish', 'saint', 'saints', 'vicar', 'abbey', 'chapel', 'cathedral', 'bishop', 'christian'];
const NO_LAND = ['river', 'bridge', 'field', 'fields', 'harvest', 'plough', 'ploughman', 'meadow', 'orchard'];
const NOT_MANOR = ['serf', 'manor', 'lord of the manor', 'villein', 'cottar', 'demesne'];
const NO_SPACE = ['spaceship', 'starship', 'orbital', 'airlock', 'docking ring', 'spin deck', 'hologram'];

interface Case {
  description: string;
  sketch: WorldSketch;
  occupations: string[];
  factions: string[];
  faiths?: RegExp;
  wrong: string[];
}

const CASES: Case[] = [
  {
    description: 'A medieval village in northern Britain',
    sketch: sketch({
      description: 'A medieval village in northern Britain',
      era: 'medieval',
      tech: 'pre-industrial',
      setting: 'village',
      region: 'northern Britain',
      cultures: [{ culture: 'medieval-british', weight: 1 }],
      phrases: { places: ['village in northern Britain'] },
    }),
    occupations: ['reeve', 'farmer'],
    factions: [],
    faiths: /church/,
    wrong: [...PRE_1800, ...NO_SPACE],
  },
  {
    description: 'A modern neo-Tokyo',
    sketch: sketch({
      description: 'A modern neo-Tokyo',
      era: 'near-future',
      tech: 'digital',
      setting: 'city',
      region: 'neo-Tokyo',
      cultures: [{ culture: 'japanese', weight: 1 }],
      phrases: { places: ['neo-Tokyo'] },
    }),
    occupations: ['street vendor'],
    factions: [],
    faiths: /shrine|Buddhist/,
    wrong: [...NOT_CHRISTIAN, ...NOT_MANOR],
  },
  {
    description: 'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights',
    sketch: sketch({
      description: 'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights',
      era: 'far-future',
      tech: 'spacefaring',
      setting: 'ship',
      region: 'Tau Ceti',
      cultures: [{ culture: 'futuristic', weight: 1 }],
      phrases: { institutions: ['hydroponics guilds'], places: ['generation ship'], resources: ['water rights'] },
    }),
    occupations: ['hydroponics tender', 'guild steward', 'water-rights arbiter'],
    factions: ['the hydroponics guilds', 'the water wardens'],
    wrong: [...NO_LAND, ...NOT_CHRISTIAN, ...NOT_MANOR, 'town square', 'market day'],
  },
  {
    description: 'Feudal Japan in 1600, a post town on the Nakasendo road',
    sketch: sketch({
      description: 'Feudal Japan in 1600, a post town on the Nakasendo road',
      era: 'early-modern',
      year: 1600,
      tech: 'pre-industrial',
      setting: 'town',
      region: 'Japan',
      cultures: [{ culture: 'japanese', weight: 1 }],
      phrases: { places: ['post town on the Nakasendo road', 'Nakasendo road'] },
    }),
    occupations: ['innkeeper', 'porter', 'samurai retainer'],
    factions: [],
    faiths: /Buddhist|Shinto/,
    wrong: [...PRE_1800, ...NOT_CHRISTIAN, ...NOT_MANOR],
  },
  {
    description: 'A 1970s Lagos highlife music scene',
    sketch: sketch({
      description: 'A 1970s Lagos highlife music scene',
      era: 'late-20th',
      year: 1975,
      tech: 'electric',
      setting: 'city',
      region: 'Lagos',
      cultures: [
        { culture: 'yoruba', weight: 0.4 },
        { culture: 'igbo', weight: 0.25 },
        { culture: 'hausa', weight: 0.2 },
        { culture: 'edo', weight: 0.15 },
      ],
      phrases: { activities: ['highlife music scene'] },
    }),
    occupations: ['bandleader', 'highlife guitarist', 'club owner', 'record seller', 'dancer'],
    factions: [],
    faiths: /Islam/,
    wrong: [...PRE_1990, 'Third Mainland Bridge', ...NOT_MANOR],
  },
  {
    description: 'A Mars mining colony run by a water cartel',
    sketch: sketch({
      description: 'A Mars mining colony run by a water cartel',
      era: 'far-future',
      tech: 'spacefaring',
      setting: 'colony',
      region: 'Mars',
      cultures: [{ culture: 'futuristic', weight: 1 }],
      phrases: { institutions: ['water cartel'], activities: ['mining'], resources: ['water'] },
    }),
    occupations: ['miner', 'shift boss', 'cartel enforcer'],
    factions: ['the water cartel'],
    wrong: [...NO_LAND, ...NOT_CHRISTIAN, ...NOT_MANOR, 'spin deck', 'docking ring'],
  },
  {
    description: 'A Bronze Age trading port on Crete',
    sketch: sketch({
      description: 'A Bronze Age trading port on Crete',
      era: 'bronze-age',
      tech: 'bronze',
      setting: 'port',
      region: 'Crete',
      cultures: [{ culture: 'ancient-greek', weight: 1 }],
      phrases: { activities: ['trading'], places: ['trading port on Crete'] },
    }),
    occupations: ['merchant', 'dockworker'],
    factions: [],
    faiths: /Goddess/,
    wrong: [...PRE_1800, ...NOT_CHRISTIAN, ...NOT_MANOR, 'iron', 'coin', 'lighthouse'],
  },
  {
    description: 'A whaling town in 1850s New England',
    sketch: sketch({
      description: 'A whaling town in 1850s New England',
      era: 'industrial',
      year: 1855,
      tech: 'steam',
      setting: 'town',
      region: 'New England',
      cultures: [{ culture: 'english', weight: 1 }],
      phrases: { activities: ['whaling'], places: ['whaling town'] },
    }),
    occupations: ['harpooner', 'whaleboat steerer', 'cooper', 'shipowner', 'ship chandler'],
    factions: ['the shipowners'],
    wrong: [...PRE_1950, ...NO_SPACE, ...NOT_MANOR, 'radio', 'car'],
  },
  {
    description: 'A railroad boomtown in 1870s Nevada',
    sketch: sketch({
      description: 'A railroad boomtown in 1870s Nevada',
      era: 'industrial',
      year: 1875,
      tech: 'steam',
      setting: 'town',
      region: 'Nevada',
      cultures: [
        { culture: 'english', weight: 0.7 },
        { culture: 'chinese', weight: 0.15 },
        { culture: 'spanish', weight: 0.15 },
      ],
      phrases: { activities: ['railroad'], places: ['railroad boomtown'] },
    }),
    occupations: ['track layer', 'telegraph operator', 'saloon keeper', 'assayer'],
    factions: ['the railroad company'],
    wrong: [...PRE_1950, ...NO_SPACE, ...NOT_MANOR, 'radio', 'telephone'],
  },
  {
    description: 'An orbital shipyard above Europa in 2300',
    sketch: sketch({
      description: 'An orbital shipyard above Europa in 2300',
      era: 'far-future',
      year: 2300,
      tech: 'spacefaring',
      setting: 'station',
      region: 'Europa',
      cultures: [{ culture: 'futuristic', weight: 1 }],
      phrases: { places: ['orbital shipyard'] },
    }),
    occupations: ['shipwright', 'welder', 'drydock foreman'],
    factions: [],
    wrong: [...NO_LAND, ...NOT_CHRISTIAN, ...NOT_MANOR, 'slipway', 'sailmaker'],
  },
  {
    description: 'A Silk Road caravan city in the 13th century',
    sketch: sketch({
      description: 'A Silk Road caravan city in the 13th century',
      era: 'medieval',
      year: 1250,
      tech: 'pre-industrial',
      setting: 'city',
      region: 'Silk Road',
      cultures: [
        { culture: 'persian', weight: 0.4 },
        { culture: 'chinese', weight: 0.3 },
        { culture: 'turkish', weight: 0.3 },
      ],
      phrases: { places: ['Silk Road caravan city'] },
    }),
    occupations: ['caravan master', 'camel driver', 'silk merchant', 'caravanserai keeper'],
    factions: ['the caravan masters'],
    faiths: /Islam/,
    wrong: [...PRE_1800, ...NOT_CHRISTIAN, ...NOT_MANOR, 'tithe'],
  },
  {
    description: 'A 1980s Midwest suburb',
    sketch: sketch({
      description: 'A 1980s Midwest suburb',
      era: 'late-20th',
      year: 1985,
      tech: 'electric',
      setting: 'suburb',
      region: 'Midwest',
      cultures: [{ culture: 'english', weight: 1 }],
      phrases: { places: ['Midwest suburb'] },
    }),
    occupations: ['homemaker', 'high school student'],
    factions: [],
    wrong: [...PRE_1990, ...NOT_MANOR, ...NO_SPACE, 'peasant', 'castle'],
  },
  {
    description: 'A Viking settlement in Iceland around 950',
    sketch: sketch({
      description: 'A Viking settlement in Iceland around 950',
      era: 'medieval',
      year: 950,
      tech: 'iron',
      setting: 'settlement',
      region: 'Iceland',
      cultures: [{ culture: 'norse', weight: 1 }],
      phrases: { places: ['Viking settlement'] },
    }),
    occupations: ['skald'],
    factions: ['the Thing assembly'],
    faiths: /Thor|Odin|Freyja/,
    wrong: [...PRE_1800, ...NOT_CHRISTIAN, ...NOT_MANOR],
  },
  {
    description: 'An underwater research habitat in the 2060s',
    sketch: sketch({
      description: 'An underwater research habitat in the 2060s',
      era: 'near-future',
      year: 2065,
      tech: 'digital',
      setting: 'habitat',
      cultures: [{ culture: 'english', weight: 1 }],
      phrases: { activities: ['research'], places: ['underwater research habitat'] },
    }),
    occupations: ['marine biologist', 'dive technician', 'life-support engineer'],
    factions: [],
    wrong: [...NO_LAND, ...NOT_MANOR, 'corporate towers'],
  },
  {
    description: 'A Mughal court city in 1650',
    sketch: sketch({
      description: 'A Mughal court city in 1650',
      era: 'early-modern',
      year: 1650,
      tech: 'pre-industrial',
      setting: 'court',
      cultures: [
        { culture: 'indian', weight: 0.5 },
        { culture: 'persian', weight: 0.5 },
      ],
      phrases: { institutions: ['Mughal court'] },
    }),
    occupations: ['courtier', 'scribe', 'poet', 'astrologer'],
    factions: ['the Mughal court'],
    faiths: /Sufi/,
    wrong: [...PRE_1800, ...NOT_CHRISTIAN, ...NOT_MANOR, 'eunuch'],
  },
  {
    description: 'A wasteland settlement built around a dried-up reservoir',
    sketch: sketch({
      description: 'A wasteland settlement built around a dried-up reservoir',
      era: 'near-future',
      tech: 'electric',
      setting: 'settlement',
      ruined: true,
      cultures: [{ culture: 'english', weight: 1 }],
      phrases: { places: ['wasteland settlement', 'dried-up reservoir'] },
    }),
    occupations: ['water trader', 'well keeper', 'scavenger'],
    factions: [],
    wrong: [...NOT_MANOR, 'software developer', 'gig worker', 'corporate towers', 'barista'],
  },
];

/** Every string a profile carries: summary, terms, variable names and option values. */
function vocabulary(p: Profile): string[] {
  const out = [p.summary, ...p.terms];
  for (const v of p.variables) {
    out.push(v.name);
    if (v.kind === 'categorical') out.push(...v.options.map((o) => o.value));
  }
  return out;
}
const values = (p: Profile, name: string): string[] => {
  const v = p.variables.find((x) => x.name === name);
  return v?.kind === 'categorical' ? v.options.map((o) => o.value) : [];
};
function wrongHits(p: Profile, words: string[], own: string[]): string[] {
  const ownText = own.join(' ').toLowerCase();
  const hits: string[] = [];
  for (const text of vocabulary(p)) {
    if (own.includes(text)) continue; // the description's own phrases are the world's by definition
    for (const w of words) {
      if (ownText.includes(w.toLowerCase())) continue;
      const re = new RegExp(`(^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(e?s)?([^a-z]|$)`, 'i');
      if (re.test(text)) hits.push(`${w} in "${text}"`);
    }
  }
  return hits;
}

describe('composeProfile on the public worlds', () => {
  it('the wrong-world check itself finds a planted word', () => {
    const p = composeProfile(CASES[3]!.sketch);
    expect(wrongHits({ ...p, terms: [...p.terms, 'the parish church'] }, NOT_CHRISTIAN, [])).toEqual([
      'church in "the parish church"',
      'parish in "the parish church"',
    ]);
  });

  it.each(CASES)('$description', ({ sketch: s, occupations, factions, faiths, wrong }) => {
    const p = composeProfile(s);
    expect(() => validateProfile(p)).not.toThrow();
    const occ = values(p, 'occupation');
    for (const o of occupations) expect(occ).toContain(o);
    expect(occ.length).toBeGreaterThanOrEqual(10);
    for (const f of factions) expect(values(p, 'faction')).toContain(f);
    if (faiths) expect(values(p, 'faith').some((f) => faiths.test(f))).toBe(true);
    const own = [...s.phrases.institutions, ...s.phrases.activities, ...s.phrases.places, ...s.phrases.resources];
    expect(p.terms.slice(0, own.length)).toEqual(own);
    if (s.region) expect(p.terms).toContain(s.region);
    expect(p.terms.length).toBeGreaterThanOrEqual(8);
    expect(wrongHits(p, wrong, [...own, s.description])).toEqual([]);
    for (const name of ['gender', 'age', 'standing', 'occupation', 'faction', 'faith', 'marital_status', 'temperament'])
      expect(p.variables.map((v) => v.name)).toContain(name);
    expect(p.variables.filter((v) => v.kind === 'boolean')).toHaveLength(1);
    expect(p.summary).toContain(s.description.replace(/^(A|An)\s/, '').slice(0, 20));
  });

  it('adds a heritage variable with the cast cultures and their weights, and faiths follow it', () => {
    const lagos = composeProfile(CASES[4]!.sketch);
    const heritage = lagos.variables.find((v) => v.name === 'heritage');
    expect(heritage?.kind === 'categorical' && heritage.options.map((o) => [o.value, o.weight])).toEqual([
      ['yoruba', 0.4],
      ['igbo', 0.25],
      ['hausa', 0.2],
      ['edo', 0.15],
    ]);
    const faith = lagos.variables.find((v) => v.name === 'faith');
    const islam = faith?.kind === 'categorical' ? faith.options.find((o) => /Islam/.test(o.value)) : undefined;
    expect(islam?.when?.[0]?.variable).toBe('heritage');
    expect(islam?.when?.[0]?.oneOf).toContain('hausa');
    expect(composeProfile(CASES[0]!.sketch).variables.some((v) => v.name === 'heritage')).toBe(false);
  });

  it('gives era-appropriate marriage values and standing labels', () => {
    const japan = composeProfile(CASES[3]!.sketch);
    expect(values(japan, 'standing')).toContain('samurai');
    expect(values(japan, 'marital_status')).not.toContain('divorced');
    const suburb = composeProfile(CASES[11]!.sketch);
    expect(values(suburb, 'marital_status')).toContain('divorced');
    expect(values(composeProfile(CASES[2]!.sketch), 'standing')).toContain('crew');
  });

  it('derives trades for held-out worlds from the same packs', () => {
    const jazz = composeProfile(
      sketch({
        description: 'A 1920s Chicago jazz club',
        era: 'early-20th',
        year: 1925,
        tech: 'electric',
        setting: 'city',
        region: 'Chicago',
        cultures: [{ culture: 'english', weight: 1 }],
        phrases: { institutions: ['jazz club'] },
      }),
    );
    expect(values(jazz, 'occupation')).toEqual(expect.arrayContaining(['jazz trumpeter', 'bootlegger']));
    expect(wrongHits(jazz, PRE_1950, [])).toEqual([]);
    const fort = composeProfile(
      sketch({
        description: "A Roman legion fort on Hadrian's Wall",
        era: 'classical',
        year: 150,
        tech: 'iron',
        setting: 'camp',
        cultures: [{ culture: 'latin', weight: 1 }],
        phrases: { institutions: ['Roman legion'] },
      }),
    );
    expect(values(fort, 'occupation')).toEqual(expect.arrayContaining(['legionary', 'centurion']));
    expect(values(fort, 'faith').some((f) => /Jupiter|Mithras/.test(f))).toBe(true);
    expect(wrongHits(fort, [...PRE_1800, ...NOT_CHRISTIAN], [])).toEqual([]);
    const aztec = composeProfile(
      sketch({
        description: 'Aztec Tenochtitlan',
        era: 'medieval',
        year: 1500,
        tech: 'stone',
        setting: 'city',
        region: 'Tenochtitlan',
        cultures: [{ culture: 'nahuatl', weight: 1 }],
      }),
    );
    expect(values(aztec, 'faith').some((f) => /Tlaloc|Huitzilopochtli/.test(f))).toBe(true);
    expect(wrongHits(aztec, [...NOT_CHRISTIAN, ...NOT_MANOR, 'blacksmith', 'horse', 'tavern'], [])).toEqual([]);
    const brewing = composeProfile(
      sketch({
        description: 'A river town known for brewing',
        era: 'medieval',
        tech: 'pre-industrial',
        setting: 'town',
        cultures: [{ culture: 'german', weight: 1 }],
        phrases: { activities: ['brewing'] },
      }),
    );
    expect(values(brewing, 'occupation')).toContain('brewer');
  });

  it('is deterministic and does not depend on the caller keeping its sketch', () => {
    for (const c of CASES) expect(composeProfile(structuredClone(c.sketch))).toEqual(composeProfile(c.sketch));
    expect(proceduralProfile('A whaling town in 1850s New England')).toEqual(proceduralProfile('A whaling town in 1850s New England'));
  });

  it('proceduralProfile composes from the sketch of any description and always validates', () => {
    for (const c of CASES) expect(() => validateProfile(proceduralProfile(c.description))).not.toThrow();
    for (const d of ['', 'zzz', '!!!', 'a'.repeat(500), 'Une ville au bord de la mer'])
      expect(() => validateProfile(proceduralProfile(d))).not.toThrow();
  });
});
