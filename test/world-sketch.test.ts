/**
 * The world sketch reader: era, year, technology, setting, region, naming cultures and the
 * description's own phrases for every public world, plus held-out worlds of our own,
 * determinism and hostile input (never throws, always a valid sketch).
 *   npx vitest run test/world-sketch.test.ts
 * Cost: ~1 s (compromise's import dominates; each world is a few ms).
 */
import { describe, expect, it } from 'vitest';
import { NAME_CULTURES } from '../src/core/profile-schema.js';
import { sketchWorld } from '../src/stages/sketch/sketch.js';
import {
  ERAS,
  SETTINGS,
  TECH_LEVELS,
  type EraId,
  type SettingId,
  type TechLevel,
  type WorldSketch,
} from '../src/stages/sketch/sketch-types.js';

interface Expect {
  era: EraId;
  year: number | null;
  tech: TechLevel;
  setting: SettingId;
  region: string | null;
  /** Cultures that must be present; the first must be the top one. */
  cultures: string[];
  institutions?: string[];
  activities?: string[];
  places?: string[];
  resources?: string[];
  ruined?: boolean;
  fantasy?: boolean;
}

const PUBLIC: Record<string, Expect> = {
  'A medieval village in northern Britain': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'village',
    region: 'northern Britain',
    cultures: ['medieval-british'],
    places: ['northern Britain'],
  },
  'A modern neo-Tokyo': {
    era: 'near-future',
    year: null,
    tech: 'digital',
    setting: 'city',
    region: 'neo-Tokyo',
    cultures: ['japanese'],
    places: ['neo-Tokyo'],
  },
  'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights': {
    era: 'far-future',
    year: null,
    tech: 'spacefaring',
    setting: 'ship',
    region: 'Tau Ceti',
    cultures: ['futuristic'],
    institutions: ['hydroponics guilds'],
    resources: ['water rights', 'water'],
    places: ['Tau Ceti', 'generation ship halfway to Tau Ceti'],
    activities: ['hydroponics'],
  },
  'Feudal Japan in 1600, a post town on the Nakasendo road': {
    era: 'early-modern',
    year: 1600,
    tech: 'pre-industrial',
    setting: 'town',
    region: 'Japan',
    cultures: ['japanese'],
    places: ['Japan', 'post town on the Nakasendo road', 'Nakasendo road'],
  },
  'A 1970s Lagos highlife music scene': {
    era: 'late-20th',
    year: 1975,
    tech: 'electric',
    setting: 'city',
    region: 'Lagos',
    cultures: ['yoruba', 'igbo', 'hausa', 'edo'],
    activities: ['highlife music scene'],
    places: ['Lagos'],
  },
  'A Mars mining colony run by a water cartel': {
    era: 'far-future',
    year: null,
    tech: 'spacefaring',
    setting: 'colony',
    region: 'Mars',
    cultures: ['futuristic'],
    institutions: ['water cartel'],
    activities: ['mining'],
    resources: ['water'],
    places: ['Mars'],
  },
  'A Bronze Age trading port on Crete': {
    era: 'bronze-age',
    year: null,
    tech: 'bronze',
    setting: 'port',
    region: 'Crete',
    cultures: ['ancient-greek'],
    activities: ['trading'],
    places: ['Crete', 'trading port on Crete'],
  },
  'A whaling town in 1850s New England': {
    era: 'industrial',
    year: 1855,
    tech: 'steam',
    setting: 'town',
    region: 'New England',
    cultures: ['english'],
    activities: ['whaling'],
    places: ['New England', 'whaling town in New England'],
  },
  'A railroad boomtown in 1870s Nevada': {
    era: 'industrial',
    year: 1875,
    tech: 'steam',
    setting: 'town',
    region: 'Nevada',
    cultures: ['english', 'spanish', 'chinese', 'celtic'],
    activities: ['railroad'],
    places: ['Nevada', 'railroad boomtown in Nevada'],
  },
  'An orbital shipyard above Europa in 2300': {
    era: 'far-future',
    year: 2300,
    tech: 'spacefaring',
    setting: 'station',
    region: 'Europa',
    cultures: ['futuristic'],
    activities: ['shipbuilding'],
    places: ['Europa', 'orbital shipyard above Europa'],
  },
  'A Silk Road caravan city in the 13th century': {
    era: 'medieval',
    year: 1250,
    tech: 'pre-industrial',
    setting: 'city',
    region: 'Silk Road',
    cultures: ['persian', 'mongolian', 'chinese', 'turkish', 'arabic'],
    places: ['Silk Road', 'Silk Road caravan city'],
  },
  'A 1980s Midwest suburb': {
    era: 'late-20th',
    year: 1985,
    tech: 'electric',
    setting: 'suburb',
    region: 'Midwest',
    cultures: ['english'],
    places: ['Midwest', 'Midwest suburb'],
  },
  'A Viking settlement in Iceland around 950': {
    era: 'medieval',
    year: 950,
    tech: 'pre-industrial',
    setting: 'settlement',
    region: 'Iceland',
    cultures: ['norse'],
    places: ['Iceland', 'Viking settlement in Iceland'],
  },
  'An underwater research habitat in the 2060s': {
    era: 'near-future',
    year: 2065,
    tech: 'digital',
    setting: 'habitat',
    region: null,
    cultures: ['english'],
    activities: ['research'],
    places: ['underwater research habitat'],
  },
  'A Mughal court city in 1650': {
    era: 'early-modern',
    year: 1650,
    tech: 'pre-industrial',
    setting: 'city',
    region: null,
    cultures: ['persian', 'indian', 'arabic'],
    institutions: ['Mughal court'],
    places: ['Mughal court city'],
  },
  'A wasteland settlement built around a dried-up reservoir': {
    era: 'near-future',
    year: null,
    tech: 'electric',
    setting: 'settlement',
    region: null,
    cultures: ['english'],
    ruined: true,
    places: ['wasteland settlement', 'dried-up reservoir'],
  },
};

const OWN: Record<string, Expect> = {
  'Aztec Tenochtitlan': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'city',
    region: 'Tenochtitlan',
    cultures: ['nahuatl'],
    places: ['Tenochtitlan'],
  },
  "A Roman legion fort on Hadrian's Wall": {
    era: 'classical',
    year: null,
    tech: 'iron',
    setting: 'camp',
    region: "Hadrian's Wall",
    cultures: ['latin', 'celtic'],
    institutions: ['Roman legion'],
    places: ["Hadrian's Wall", "Roman legion fort on Hadrian's Wall"],
  },
  'A 1920s Chicago jazz club': {
    era: 'early-20th',
    year: 1925,
    tech: 'electric',
    setting: 'city',
    region: 'Chicago',
    cultures: ['english', 'celtic', 'italian'],
    institutions: ['jazz club'],
    activities: ['jazz'],
  },
  'A Polynesian voyaging canoe fleet': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'ship',
    region: null,
    cultures: ['polynesian'],
    activities: ['voyaging'],
  },
  'A cyberpunk Seoul arcology': {
    era: 'near-future',
    year: null,
    tech: 'digital',
    setting: 'city',
    region: 'Seoul',
    cultures: ['korean'],
    places: ['Seoul arcology'],
  },
  'An elven forest kingdom': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'settlement',
    region: null,
    cultures: ['fantasy'],
    fantasy: true,
    places: ['elven forest kingdom'],
  },
  'the Edo people of Benin city in 1500': {
    era: 'early-modern',
    year: 1500,
    tech: 'pre-industrial',
    setting: 'city',
    region: 'Edo',
    cultures: ['edo', 'yoruba'],
  },
  'Edo period Japan, a castle town on the Tokaido': {
    era: 'early-modern',
    year: null,
    tech: 'pre-industrial',
    setting: 'town',
    region: 'Japan',
    cultures: ['japanese'],
  },
  '5th century BC Athens': {
    era: 'classical',
    year: -450,
    tech: 'iron',
    setting: 'city',
    region: 'Athens',
    cultures: ['ancient-greek'],
    places: ['Athens'],
  },
  'A Swahili trading town on Zanzibar in the 1800s': {
    era: 'industrial',
    year: 1805,
    tech: 'steam',
    setting: 'town',
    region: 'Zanzibar',
    cultures: ['swahili', 'arabic'],
    activities: ['trading'],
  },
  'An Inca mountain town in the Andes': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'town',
    region: 'Andes',
    cultures: ['quechua'],
  },
  'A space station orbiting Jupiter where miners and the station council squabble over oxygen quotas': {
    era: 'far-future',
    year: null,
    tech: 'spacefaring',
    setting: 'station',
    region: 'Jupiter',
    cultures: ['futuristic'],
    institutions: ['station council'],
    resources: ['oxygen quotas', 'oxygen'],
  },
  'A cyberpunk megacity where the Yakuza and the Arasaka corporation fight over the black market in stolen data': {
    era: 'near-future',
    year: null,
    tech: 'digital',
    setting: 'city',
    region: null,
    cultures: ['english'],
    institutions: ['Yakuza', 'Arasaka corporation'],
    places: ['black market'],
  },
  'A pirate port in the Caribbean in 1700': {
    era: 'early-modern',
    year: 1700,
    tech: 'pre-industrial',
    setting: 'port',
    region: 'Caribbean',
    cultures: ['english', 'spanish', 'french'],
  },
  'A colony on Mars in 2080': {
    era: 'near-future',
    year: 2080,
    tech: 'spacefaring',
    setting: 'colony',
    region: 'Mars',
    cultures: ['futuristic'],
    places: ['colony on Mars'],
  },
  'A 1960s Soviet research station in Siberia': {
    era: 'mid-20th',
    year: 1965,
    tech: 'electric',
    setting: 'station',
    region: 'Siberia',
    cultures: ['russian'],
    activities: ['research'],
  },
  'a village in crete': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'village',
    region: 'Crete',
    cultures: ['ancient-greek'],
    places: ['Crete'],
  },
  'A MEDIEVAL VILLAGE IN NORTHERN BRITAIN': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'village',
    region: 'northern Britain',
    cultures: ['medieval-british'],
  },
  'A dwarven mining hold beneath the mountains where the silver guild controls the forges': {
    era: 'medieval',
    year: null,
    tech: 'pre-industrial',
    setting: 'settlement',
    region: null,
    cultures: ['fantasy'],
    fantasy: true,
    institutions: ['silver guild'],
    activities: ['mining'],
    resources: ['silver'],
  },
  'An office park with a food court and a commuter rail line': {
    era: 'contemporary',
    year: null,
    tech: 'digital',
    setting: 'settlement',
    region: null,
    cultures: ['english'],
  },
};

function checkWorld(description: string, want: Expect): void {
  const s = sketchWorld(description);
  expect(s.era, 'era').toBe(want.era);
  expect(s.year, 'year').toBe(want.year);
  expect(s.tech, 'tech').toBe(want.tech);
  expect(s.setting, 'setting').toBe(want.setting);
  expect(s.region, 'region').toBe(want.region);
  expect(s.fantasy, 'fantasy').toBe(want.fantasy ?? false);
  expect(s.ruined, 'ruined').toBe(want.ruined ?? false);
  const cultures = s.cultures.map((c) => c.culture);
  expect(cultures[0], 'top culture').toBe(want.cultures[0]);
  for (const c of want.cultures) expect(cultures, `culture ${c}`).toContain(c);
  for (const key of ['institutions', 'activities', 'places', 'resources'] as const) {
    for (const phrase of want[key] ?? []) expect(s.phrases[key], `${key}: ${phrase}`).toContain(phrase);
  }
}

function checkShape(s: WorldSketch): void {
  expect(ERAS).toContain(s.era);
  expect(TECH_LEVELS).toContain(s.tech);
  expect(SETTINGS).toContain(s.setting);
  expect(s.cultures.length).toBeGreaterThan(0);
  for (const c of s.cultures) {
    expect(NAME_CULTURES).toContain(c.culture);
    expect(c.weight).toBeGreaterThan(0);
  }
  expect(s.cultures.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 6);
  for (let i = 1; i < s.cultures.length; i++) expect(s.cultures[i - 1]!.weight).toBeGreaterThanOrEqual(s.cultures[i]!.weight);
  for (const list of Object.values(s.phrases))
    for (const p of list) expect(typeof p === 'string' && p.length > 0 && p.length <= 80).toBe(true);
  if (s.year !== null) expect(Number.isInteger(s.year)).toBe(true);
}

describe('sketchWorld: public worlds', () => {
  for (const [description, want] of Object.entries(PUBLIC)) {
    it(description, () => {
      checkWorld(description, want);
      checkShape(sketchWorld(description));
    });
  }

  it('every public world yields at least one phrase a persona text can ground on', () => {
    for (const description of Object.keys(PUBLIC)) {
      const p = sketchWorld(description).phrases;
      const all = [...p.institutions, ...p.activities, ...p.places, ...p.resources];
      expect(all.length, description).toBeGreaterThan(0);
      const own = all.filter((phrase) => description.toLowerCase().includes(phrase.split(' ')[0]!.toLowerCase()));
      expect(own.length, description).toBeGreaterThan(0);
    }
  });

  it('does not repeat the bare setting noun as a place, and keeps articles off the front', () => {
    for (const description of Object.keys(PUBLIC)) {
      const s = sketchWorld(description);
      expect(s.phrases.places, description).not.toContain(s.setting);
      for (const p of s.phrases.places) expect(p, description).not.toMatch(/^(a|an|the) /i);
    }
  });

  it('keeps Lagos a mixed cast with weights that sum to 1, sorted', () => {
    const s = sketchWorld('A 1970s Lagos highlife music scene');
    expect(s.cultures).toEqual([
      { culture: 'yoruba', weight: 0.4 },
      { culture: 'igbo', weight: 0.25 },
      { culture: 'hausa', weight: 0.2 },
      { culture: 'edo', weight: 0.15 },
    ]);
  });
});

describe('sketchWorld: held-out worlds of our own', () => {
  for (const [description, want] of Object.entries(OWN)) {
    it(description, () => {
      checkWorld(description, want);
      checkShape(sketchWorld(description));
    });
  }

  it('reads years, decades and centuries', () => {
    const year = (d: string): number | null => sketchWorld(d).year;
    expect(year('A market town in the late 14th century')).toBe(1380);
    expect(year('A 13th-century abbey')).toBe(1250);
    expect(year('A mill town in the early 1800s')).toBe(1802);
    expect(year("A diner in the '50s")).toBe(1955);
    expect(year('A port in 1200 BC')).toBe(-1200);
    expect(year('A colony of 3000 settlers')).toBeNull();
    expect(year('A fort in the year 3000')).toBe(3000);
    expect(year('A town in the eighteenth century')).toBe(1750);
  });

  it('lets an explicit year beat a named period, and a time word beat a space setting', () => {
    expect(sketchWorld('A feudal castle in 1750').era).toBe('early-modern');
    expect(sketchWorld('A modern space station').era).toBe('contemporary');
    expect(sketchWorld('A modern space station').tech).toBe('spacefaring');
    expect(sketchWorld('A feudal space empire of starships').era).toBe('far-future');
  });

  it('reads the Edo period and the Edo people apart', () => {
    expect(sketchWorld('Edo, a castle town').cultures[0]?.culture).toBe('japanese');
    expect(sketchWorld('An Edo village near Benin in Nigeria').cultures[0]?.culture).toBe('edo');
  });
});

describe('sketchWorld: determinism and hostile input', () => {
  it('is deterministic and returns copies callers may change', () => {
    const d = 'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights';
    const a = sketchWorld(d);
    a.phrases.institutions.push('mutated');
    a.cultures[0]!.weight = 99;
    const b = sketchWorld(d);
    expect(b.phrases.institutions).not.toContain('mutated');
    expect(b.cultures[0]!.weight).toBe(1);
    // evict the memo and read again from scratch
    for (let i = 0; i < 70; i++) sketchWorld(`A village number ${i}`);
    expect(sketchWorld(d)).toEqual(b);
  });

  it('normalises the description (NFKC, trimmed, collapsed whitespace)', () => {
    expect(sketchWorld('  A  ｔｏｗｎ \n in 1850s  ').description).toBe('A town in 1850s');
  });

  const hostile: unknown[] = [
    '',
    ' ',
    '\u0000\u0007',
    '...,,,!!',
    '__proto__',
    'constructor',
    'toString',
    '🐉🔥🏰 dragons 🐉',
    'a'.repeat(2000),
    'A town in Crete. '.repeat(120),
    '((((',
    'in in in in of of the the',
    '1e308 century',
    '99999999999999999999s',
    'the 0s',
    '-',
    '\u202e\u200b',
    'Ὀδυσσεύς on Ithaca',
    '東京の村',
    null,
    undefined,
    42,
    {},
  ];
  for (const input of hostile) {
    it(`never throws on ${JSON.stringify(input)?.slice(0, 40) ?? String(input)}`, () => {
      const s = sketchWorld(input as string);
      checkShape(s);
      expect(s.description.length).toBeLessThanOrEqual(4000);
    });
  }

  it('reads 2,000 characters in well under a second', () => {
    const long = 'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights. '.repeat(23).slice(0, 2000);
    const t0 = performance.now();
    const s = sketchWorld(long);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(s.setting).toBe('ship');
    expect(s.phrases.institutions).toContain('hydroponics guilds');
  });
});
