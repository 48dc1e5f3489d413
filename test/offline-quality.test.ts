/**
 * Offline quality (issue 9): the measures of bench/quality.ts on small hand-made texts, the
 * wrong-world fixture's shape, and then the targets as assertions over the 16 public
 * worlds (test/fixtures/wrong-world.ts), procedural personas made through the engine: grounding,
 * wrong-world words, opening variety, bio sentences in backstories, trait-restating sentences,
 * names of the expected cultures, duplicates in 1,000 and bios per second. The bench
 * (`npm run bench -- --quality`) prints the same figures from the same functions.
 *   npx vitest run test/offline-quality.test.ts        (QUALITY_PER_WORLD=100 for a quicker run)
 * Cost: ~25 s (16 worlds x 200 personas with backstories, 16 x 1,000 names, 20,000 timed bios).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TARGETS,
  type WorldFigures,
  type WorldSample,
  duplicateNames,
  generateWorld,
  givenName,
  givenNameSet,
  groundingTerms,
  isGrounded,
  literalMatcher,
  loadNameLists,
  measureSample,
  openingFrame,
  openingWords,
  repeatsBioSentence,
  sentences,
  spread,
  traitRestatingSentences,
  wrongWorldHits,
  wrongWorldMatchers,
} from '../bench/quality.js';
import { ERA_LISTS, QUALITY_WORLDS, TAG_LISTS, wrongWorldListsFor } from './fixtures/wrong-world.js';

const PER_WORLD = Math.max(100, Number(process.env.QUALITY_PER_WORLD ?? 200));
const grounded = (description: string, text: string) => isGrounded(text, literalMatcher(groundingTerms(description)));

describe('quality measures on hand-made texts', () => {
  it('grounding terms: words of the description and their derived forms, not generic words', () => {
    const whaling = groundingTerms('A whaling town in 1850s New England');
    expect(whaling).toEqual(expect.arrayContaining(['whaling', 'whale', 'whaler', 'whalers', 'town', '1850s', 'england', 'english']));
    expect(whaling).not.toContain('new');
    expect(groundingTerms('A Mars mining colony run by a water cartel')).toEqual(
      expect.arrayContaining(['miner', 'mine', 'colonist', 'martian', 'water cartel']),
    );
    expect(groundingTerms('A 1970s Lagos highlife music scene')).toEqual(
      expect.arrayContaining(['lagosian', 'musician', 'highlife music']),
    );
    expect(groundingTerms('A medieval village in northern Britain')).toEqual(
      expect.arrayContaining(['north', 'northerner', 'british', 'villager']),
    );
    expect(groundingTerms('A wasteland settlement built around a dried-up reservoir')).toEqual(
      expect.arrayContaining(['dried-up', 'settler', 'reservoir']),
    );
    const ship = groundingTerms('A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights');
    expect(ship).toEqual(expect.arrayContaining(['hydroponic', 'hydroponics', 'guild', 'water rights', 'tau ceti']));
    expect(ship).not.toEqual(expect.arrayContaining(['halfway']));
    expect(ship).not.toContain('right');
  });

  it('grounded: a whole-word term, case-insensitive; an unrelated or merely generic text is not', () => {
    const mars = 'A Mars mining colony run by a water cartel';
    expect(grounded(mars, 'Ada Kwame, 40, hauls ice for the Cartel.')).toBe(true);
    expect(grounded(mars, 'Ada was a miner before the accident.')).toBe(true);
    expect(grounded(mars, 'Ada bakes bread in the old town square.')).toBe(false);
    expect(grounded(mars, 'Ada watered the plants every day.')).toBe(false); // "water" is not a whole word there
    expect(grounded('A modern neo-Tokyo', 'He is new to the world and its people.')).toBe(false);
    expect(grounded('A modern neo-Tokyo', 'He came to Tokyo at nineteen.')).toBe(true);
  });

  it('wrong world: whole words and phrases with plurals, names excluded', () => {
    const lists = wrongWorldListsFor(QUALITY_WORLDS.find((w) => w.id === 'nakasendo-1600')!);
    const matchers = wrongWorldMatchers(lists);
    const hits = wrongWorldHits('She sweeps the churches and answers to the reeve. Her cousin checks the group chat.', matchers);
    expect(hits.map((h) => h.word).sort()).toEqual(['churches', 'group chat', 'reeve']);
    expect(wrongWorldHits('A churchgoer? No: a rice merchant of the post town.', matchers)).toEqual([]);
    expect(wrongWorldHits('Tomas Church sells rice in the post town.', matchers, 'Tomas Church')).toEqual([]);
    const lagos = wrongWorldMatchers(wrongWorldListsFor(QUALITY_WORLDS.find((w) => w.id === 'lagos-1970s')!));
    expect(
      wrongWorldHits('He drinks at a rooftop bar after his shift as a software developer.', lagos)
        .map((h) => h.word)
        .sort(),
    ).toEqual(['rooftop bar', 'software developer']);
  });

  it('opening frame: names, numbers, traits, terms and pronouns become placeholders', () => {
    const terms = ['the harbour', 'the fish market'];
    const a = openingFrame(
      'Maud Fletcher, a 41-year-old smith, works by the harbour. She is kind.',
      { name: 'Maud Fletcher', traits: { age: 41, occupation: 'smith' }, hints: [] },
      terms,
    );
    const b = openingFrame(
      'Osric of Alnwick, a 67-year-old net mender, works by the fish market.',
      { name: 'Osric of Alnwick', traits: { age: 67, occupation: 'net mender' }, hints: [] },
      terms,
    );
    expect(a).toBe('{name} a {n}-year-old {trait} works by {term}');
    expect(b).toBe(a);
    expect(openingWords(a)).toBe('{name} a {n}-year-old');
    const c = openingFrame('Before dawn she mends the nets of half the harbour.', { name: 'Maud Fletcher', traits: {}, hints: [] }, terms);
    expect(c).toBe('before dawn {pron} mends the nets of half');
    const s = spread([a, b, c]);
    expect(s.distinct).toBe(2);
    expect(s.topShare).toBeCloseTo(2 / 3);
  });

  it('repetition: a bio sentence pasted into the backstory is found; a retelling is not', () => {
    const bio = 'Maud Fletcher is a 41-year-old smith. She owes the reeve money.';
    expect(
      repeatsBioSentence(
        bio,
        'Maud grew up by the forge. Everyone knows this: Maud Fletcher is a 41-year-old  smith! Then came the winter.',
      ),
    ).toBe(true);
    expect(repeatsBioSentence(bio, 'Maud grew up by the forge and took over her father’s anvil at nineteen.')).toBe(false);
    expect(sentences('One. Two! "Three?" Four')).toEqual(['One.', 'Two!', '"Three?"', 'Four']);
  });

  it('trait restating: attribute sentences count, sentences that weave a trait into events do not', () => {
    const person = {
      name: 'Karl Dibbert',
      traits: { age: 66, occupation: 'cook', standing: 'poor', faction: "the workers' guild", has_children: false },
      hints: [],
    };
    const story =
      "Ask about his standing and the answer is poor. His loyalty lies with the workers' guild. Karl does not have children. " +
      "At twenty Karl burned his first stew for the workers' guild feast and spent the winter paying back the mutton. " +
      'Karl still remembers the smell of the harbour kitchens.';
    expect(traitRestatingSentences(story, person)).toEqual([
      'Ask about his standing and the answer is poor.',
      "His loyalty lies with the workers' guild.",
      'Karl does not have children.',
    ]);
  });

  it('names: the first word is the given name, checked against the lists of the expected cultures', () => {
    const lists = (c: string) => (c === 'yoruba' ? { female: ['Folake'], male: ['Tunde'] } : { female: ['Ngozi'], male: ['Emeka'] });
    const set = givenNameSet(['yoruba', 'igbo'], lists);
    expect(['Folake Adeyemi', 'Emeka Okafor', 'John Smith'].map((n) => set.has(givenName(n).toLowerCase()))).toEqual([true, true, false]);
  });

  it('duplicate names count repeats (any case) and "(key)" fallbacks', () => {
    expect(duplicateNames(['Ada Obi', 'ada obi', 'Emeka Eze', 'Emeka Eze (17)'])).toBe(2);
    expect(duplicateNames(['Ada Obi', 'Emeka Eze'])).toBe(0);
  });

  it('the fixture: 16 public worlds, hand-assigned eras and cultures, every world with its lists', () => {
    expect(QUALITY_WORLDS).toHaveLength(16);
    expect(new Set(QUALITY_WORLDS.map((w) => w.id)).size).toBe(16);
    for (const w of QUALITY_WORLDS) {
      expect(w.cultures === 'any' || w.cultures.length > 0).toBe(true);
      if (w.id !== 'wasteland') expect(w.year).not.toBeNull();
    }
    const ids = (id: string) => wrongWorldListsFor(QUALITY_WORLDS.find((w) => w.id === id)!).map((l) => l.id);
    expect(ids('northern-village')).toEqual(expect.arrayContaining(['before-1500', 'before-1900', 'before-1990']));
    expect(ids('nakasendo-1600')).toEqual(expect.arrayContaining(['pre-christian', 'non-european', 'before-1900']));
    expect(ids('nakasendo-1600')).not.toContain('before-1500'); // matchlock guns were there by 1600
    expect(ids('tau-ceti-ship')).toEqual(['off-world']);
    expect(ids('lagos-1970s')).toEqual(expect.arrayContaining(['before-1990', 'lagos-1970s']));
    for (const l of [...ERA_LISTS, ...Object.values(TAG_LISTS)]) expect(l.words.length).toBeGreaterThan(3);
  });
});

describe.each(QUALITY_WORLDS)('offline quality: $id', (world) => {
  let sample: WorldSample;
  let f: WorldFigures;
  beforeAll(async () => {
    sample = await generateWorld(world, PER_WORLD, true);
    f = measureSample(world, sample, await loadNameLists());
  }, 120_000);

  it(`>= ${TARGETS.groundedBios.min * 100} % of bios and every backstory use a term of the description`, () => {
    expect(f.groundedBios, 'share of grounded bios').toBeGreaterThanOrEqual(TARGETS.groundedBios.min);
    expect(f.groundedBackstories, 'share of grounded backstories').toBe(TARGETS.groundedBackstories.min);
  });

  it('no word of another era or setting', () => {
    expect({ hits: f.wrongWorldHits, words: f.wrongWords }).toEqual({ hits: 0, words: [] });
  });

  it('varied openings: no 3-word opening over 5 %, >= 150 distinct frames per 200', () => {
    expect(f.topOpeningShare, `most common opening "${f.topOpening}"`).toBeLessThanOrEqual(TARGETS.topOpeningShare.max);
    expect(f.distinctFramesPer200).toBeGreaterThanOrEqual(TARGETS.distinctFramesPer200.min);
  });

  it('no backstory repeats a bio sentence; at most one trait-restating sentence per backstory', () => {
    expect(f.backstoriesRepeatingBio).toBe(0);
    expect(f.maxRestatingSentences, `e.g. "${f.restateExample}"`).toBeLessThanOrEqual(TARGETS.maxRestatingSentences.max);
  });

  it(`given names come from ${world.cultures === 'any' ? "some culture's lists" : world.cultures.join('/')}`, () => {
    expect(f.namesFitCulture).toBeGreaterThanOrEqual(TARGETS.namesFitCulture.min);
  });

  it('no duplicate names in 1,000', async () => {
    const { records } = await generateWorld(world, 1000, false);
    expect(duplicateNames(records.map((r) => r.name))).toBe(0);
  }, 60_000);
});
// Speed (>= 50,000 bios per second) is a benchmark figure, not a test: `npm run bench -- --quality`.
