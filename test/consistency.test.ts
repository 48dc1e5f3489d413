import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConsistency, hintFidelity, mentions } from '../src/stages/consistency.js';
import { countWords } from '../src/stages/bio.js';

/** The implementation `mentions` replaced: one Unicode regex compiled per call. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function mentionsByRegex(text: string, phrase: string): boolean {
  const p = phrase.trim();
  if (!p) return true;
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(p)}(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

// Characters chosen to break a naive fast path: case pairs whose folding is not ASCII-only
// (long s, Kelvin sign, dotted/dotless i, sharp s, final sigma), astral letters with case
// (Deseret), astral non-letters, lone surrogates, combining marks, non-ASCII digits,
// regex metacharacters, whitespace.
const ALPHABET = [
  ...'abcksxyzABCKSXYZ0189',
  ...' \t\n.,;:-\'"!?()[]{}*+^$|\\/_',
  'é',
  'É',
  'ß',
  'ẞ',
  'ſ',
  '\u212A',
  'İ',
  'ı',
  'ς',
  'σ',
  'Σ',
  'µ',
  'μ',
  'Ω',
  '\u2126',
  'å',
  '\u212B',
  '𝒜',
  '𐐀',
  '𐐨',
  '😀',
  '\uD800',
  '\uDC00',
  '\u0301',
  '٣',
  '²',
  '中',
  '\u00A0',
  'ǅ',
  'ǆ',
  'Ǆ',
];
const char = fc.constantFrom(...ALPHABET);
const str = (max: number) => fc.array(char, { maxLength: max }).map((cs) => cs.join(''));
/** Other spellings one `iu` regex treats as the same letter (and some it does not). */
const VARIANT: Record<string, string> = {
  k: '\u212A',
  K: '\u212A',
  '\u212A': 'k',
  s: 'ſ',
  S: 'ſ',
  ſ: 'S',
  ß: 'ẞ',
  ẞ: 'ß',
  σ: 'ς',
  ς: 'Σ',
  µ: 'Μ',
  Ω: '\u2126',
  å: '\u212B',
  i: 'ı',
  I: 'İ',
};
/** The phrase as it appears in a text: each char kept, upper- or lower-cased, or swapped for a variant. */
const respell = (s: string, how: number[]) =>
  [...s]
    .map((c, i) => {
      const h = how[i % how.length]!;
      return h === 0 ? c : h === 1 ? c.toUpperCase() : h === 2 ? c.toLowerCase() : (VARIANT[c] ?? c);
    })
    .join('');

describe('mentions', () => {
  it('agrees with the regex implementation on 5,000 generated texts and phrases', () => {
    const aroundPhrase = fc
      .tuple(
        str(12),
        str(6),
        str(12),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('', ' ', '  ', '\t'),
      )
      .map(([before, phrase, after, how, pad]) => ({ text: before + respell(phrase, how) + after, phrase: pad + phrase + pad }));
    const random = fc.record({ text: str(30), phrase: str(4) });
    const ascii = fc.record({ text: fc.string({ maxLength: 30 }), phrase: fc.string({ maxLength: 4 }) });
    let found = 0;
    const wide = fc.record({ text: fc.string({ unit: 'binary', maxLength: 30 }), phrase: fc.string({ unit: 'binary', maxLength: 3 }) });
    fc.assert(
      fc.property(fc.oneof(aroundPhrase, aroundPhrase, random, ascii, wide), ({ text, phrase }) => {
        const expected = mentionsByRegex(text, phrase);
        if (expected) found++;
        expect(mentions(text, phrase)).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
    // Both answers are well represented (not 5,000 easy "no"s).
    expect(found).toBeGreaterThan(1_000);
    expect(found).toBeLessThan(4_000);
  });

  it('agrees on hand-picked edge cases', () => {
    const cases: [string, string][] = [
      ['Aldric the smith', 'aldric'],
      ['Aldric2 the smith', 'aldric'],
      ['xAldric', 'Aldric'],
      ['Ærin', 'ærin'],
      ['the \u212Aing', 'king'],
      ['the ſmith', 'SMITH'],
      ['ſmith', 'ſmith'],
      ['İstanbul', 'istanbul'],
      ['ıris', 'Iris'],
      ['STRAßE', 'strasse'],
      ['ΟΔΥΣΣΕΥΣ', 'οδυσσευς'],
      ['ΟΔΥΣΣΕΥΣ', 'οδυσσεύς'],
      ['x𝒜 name', 'name'],
      ['𝒜name', 'name'],
      ['\uD800name', 'name'],
      ['name\u0301', 'name'],
      ['name٣', 'name'],
      ['𐐀𐐨', '𐐨𐐀'],
      ['a.b', 'a.b'],
      ['a.b', '.'],
      ['(x)', '(x)'],
      ['nana banana', 'ana'],
      ['', ' '],
      ['', 'x'],
    ];
    for (const [text, phrase] of cases) expect(mentions(text, phrase), `${text} / ${phrase}`).toBe(mentionsByRegex(text, phrase));
  });

  it("the ASCII fast path's premise holds for every code point but U+0130 and U+017F", () => {
    // The fast path finds an ASCII phrase with indexOf in text.toLowerCase(). That is exact when
    // every character lower-cases to as many code units (so indices line up) and lower-cases to an
    // ASCII character exactly when the iu flags fold it onto one, and then onto that one.
    // eslint-disable-next-line no-control-regex -- the ASCII range is the point
    const foldsToAscii = /^[\x00-\x7f]$/iu;
    // eslint-disable-next-line no-control-regex -- the ASCII range is the point
    const isAscii = /^[\x00-\x7f]$/;
    const broken: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp === 0x130 || cp === 0x17f) continue;
      const s = String.fromCodePoint(cp);
      const lower = s.toLowerCase();
      if (lower.length !== s.length) broken.push(`${cp.toString(16)}: length`);
      else if (isAscii.test(lower) !== foldsToAscii.test(s)) broken.push(`${cp.toString(16)}: ascii`);
      else if (isAscii.test(lower) && !new RegExp(`^${escapeRegExp(lower)}$`, 'iu').test(s))
        broken.push(`${cp.toString(16)}: folds elsewhere`);
    }
    expect(broken).toEqual([]);
    // And the two exceptions are what the fast path avoids.
    expect('\u0130'.toLowerCase()).toHaveLength(2);
    expect(mentionsByRegex('\u017fmith', 'smith')).toBe(true);
    expect('\u017f'.toLowerCase()).toBe('\u017f');
  });
});

describe('checkConsistency and hintFidelity', () => {
  const identity = {
    name: 'Brother Éamon Vale',
    traits: { age: 41, occupation: 'master brewer' },
    hints: ['one-eyed', 'fears ſnakes'],
  } as never;
  it('names, age, occupation and hints', () => {
    expect(checkConsistency(identity, 'BROTHER ÉAMON VALE, a 41-year-old Brewer, is One-Eyed and fears snakes.')).toEqual([]);
    expect(checkConsistency(identity, 'Éamonn, aged 58, keeps bees; he is one-eyedly calm.')).toEqual([
      'never names the person: their name is "Brother Éamon Vale"',
      'states age 58, but Brother Éamon Vale is 41',
      'does not say that Brother Éamon Vale is a master brewer',
      'leaves out the trait "one-eyed"',
      'leaves out the trait "fears ſnakes"',
    ]);
    expect(hintFidelity(identity, 'He is one-eyed.')).toBe(0.5);
  });
});

describe('countWords', () => {
  it('counts what /\\S+/g matches, for every BMP character as a separator and for mixed strings', () => {
    const byRegex = (t: string) => (t.match(/\S+/g) ?? []).length;
    for (let c = 0; c < 0x10000; c++) {
      const t = `a${String.fromCharCode(c)}b`;
      if (countWords(t) !== byRegex(t)) expect.fail(`U+${c.toString(16)}: ${countWords(t)} != ${byRegex(t)}`);
    }
    for (const t of [
      '',
      ' ',
      'one',
      ' two  words ',
      '\u00a0nbsp\u00a0sep\u2028line\u3000ideographic\ufeffbom',
      'tab\tand\nnewline\r\n',
      '😀 emoji 😀',
      'zero\u200bwidth joins',
    ]) {
      expect(countWords(t)).toBe(byRegex(t));
    }
  });
});
