/**
 * Word-level matching for the consistency check: a text's words and their stems, indexed
 * once per text, and phrases (hints, occupations) compiled once into content-word stems, so a
 * hint is satisfied by its inflections and natural paraphrase ("one-eyed" by "lost an eye",
 * "gnome miner" by "a gnome who mines"). The stemmer is a small suffix stripper of our own
 * (no dependency: the check runs on every text, and the package must load under require()).
 *   phraseIn(textWords(text), compilePhrase('gnome miner')) // true for "a gnome who mines"
 * Cost: one regex pass and a few string operations per word of a text (~10-30 µs for a
 * 200-word backstory, cached for the last text); a phrase is compiled once (LRU).
 */
import { LRUCache } from 'lru-cache';

/** Function words, auxiliaries and "one" (so "one-eyed" needs only "eye"); never content. */
const STOP = new Set(
  (
    'a an the and or but nor of to in on at by for with from into onto upon over under as than then so too very ' +
    'is are was were be been being am has have had having do does did will would can could shall should may might must ' +
    'who whom whose which that this these those it its he him his she her hers they them their theirs i me my we us our you your ' +
    "one not no some any all each every own such only just also still ever always quite rather about who's s t"
  ).split(' '),
);

const isVowel = (c: string) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';

/**
 * A word's stem: lower case in, common suffixes off (-ings -ing -ed -ers -er -es -s -ly -ness
 * -ful -ies -ied), then a final e dropped, a doubled final consonant collapsed, y after a
 * consonant -> i and a final f -> v. miner, mines, mining, mined, mine -> "min"; eyed, eyes,
 * eye -> "ey"; wolves, wolf -> "wolv". Stems of at least 3 letters are kept; shorter words
 * (and cuts that would leave less) are left alone.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 2) return w;
  const cut = (suffix: string, min = 3) => {
    if (w.length - suffix.length >= min && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      return true;
    }
    return false;
  };
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (cut('ness') || cut('ful') || (!w.endsWith('ily') && cut('ly'))) {
    // one derivational suffix is enough
  } else if (cut('ings') || cut('ing') || cut('ers') || cut('er') || cut('ed', 2)) {
    // verb and agent forms
  } else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) {
    // "glass", "status", "basis": not plurals
  } else if (/(?:[sxz]|ch|sh)es$/.test(w) && w.length > 4) w = w.slice(0, -2);
  else cut('s', 2);
  if (w.length > 2 && w.endsWith('e')) w = w.slice(0, -1);
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !isVowel(w[n - 1]!) && w[n - 1] !== 's' && w[n - 1] !== 'l') w = w.slice(0, -1);
  if (w.length > 2 && w.endsWith('y') && !isVowel(w[w.length - 2]!)) w = `${w.slice(0, -1)}i`;
  if (w.length > 2 && w.endsWith('f')) w = `${w.slice(0, -1)}v`;
  return w;
}

/** A text's words: lower-case forms in order (sentence ends left out), and where each stem occurs. */
export interface TextWords {
  words: string[];
  positions: Map<string, number[]>;
}

const WORD_RE = /[\p{L}\p{N}]+|[.!?\n]/gu;
/** Stems of words seen (a text's words repeat across texts): bounded, cleared when full. */
const STEMS = new Map<string, string>();
let lastText: string | null = null;
let lastWords: TextWords | null = null;

/** Index a text's words (the last text's index is reused: one text is checked for many phrases). */
export function textWords(text: string): TextWords {
  if (text === lastText && lastWords) return lastWords;
  const words: string[] = [];
  const positions = new Map<string, number[]>();
  // match() with /g gives the words as one array of strings (matchAll allocates a match object per word).
  for (const w of text.toLowerCase().match(WORD_RE) ?? []) {
    if (w === '.' || w === '!' || w === '?' || w === '\n') continue;
    let st = STEMS.get(w);
    if (st === undefined) {
      if (STEMS.size >= 20_000) STEMS.clear();
      STEMS.set(w, (st = stem(w)));
    }
    const at = words.length;
    words.push(w);
    const list = positions.get(st);
    if (list) list.push(at);
    else positions.set(st, [at]);
  }
  lastText = text;
  lastWords = { words, positions };
  return lastWords;
}

/** A phrase compiled for paraphrase matching: its content-word stems (empty: only function words). */
export interface CompiledPhrase {
  phrase: string;
  stems: string[];
  /** Scripts written without spaces (Han, kana, Thai...): matched as a plain substring instead. */
  unspaced: boolean;
}

const PHRASES = new LRUCache<string, CompiledPhrase>({ max: 4_000 });
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function compilePhrase(phrase: string): CompiledPhrase {
  let c = PHRASES.get(phrase);
  if (c) return c;
  const stems: string[] = [];
  for (const m of phrase.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    if (STOP.has(m[0])) continue;
    const st = stem(m[0]);
    if (!stems.includes(st)) stems.push(st);
  }
  c = { phrase, stems, unspaced: UNSPACED.test(phrase) };
  PHRASES.set(phrase, c);
  return c;
}

/**
 * Are all of the phrase's content stems in the text, close together (within a window of
 * max(8, 4 x stems) words)? False for a phrase without content words (the caller then wants
 * the phrase verbatim).
 */
export function phraseIn(words: TextWords, phrase: CompiledPhrase): boolean {
  const k = phrase.stems.length;
  if (k === 0) return false;
  const lists: number[][] = [];
  for (const st of phrase.stems) {
    const list = words.positions.get(st);
    if (!list) return false;
    lists.push(list);
  }
  if (k === 1) return true;
  const window = Math.max(8, 4 * k);
  // Smallest span holding one position of every stem: merge the sorted lists, slide.
  const events: Array<[number, number]> = [];
  lists.forEach((list, i) => {
    for (const at of list) events.push([at, i]);
  });
  events.sort((a, b) => a[0] - b[0]);
  const count = new Array<number>(k).fill(0);
  let have = 0;
  let left = 0;
  for (const [at, i] of events) {
    if (count[i] === 0) have++;
    count[i] = count[i]! + 1;
    while (have === k) {
      const [leftAt, li] = events[left]!;
      if (at - leftAt < window) return true;
      count[li] = count[li]! - 1;
      if (count[li] === 0) have--;
      left++;
    }
  }
  return false;
}
