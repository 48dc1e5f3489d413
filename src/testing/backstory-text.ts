/**
 * The loopback LLM test server's backstories: 160-230 words in two paragraphs, naming the
 * person, their exact age, occupation, every hint, their pronouns, marital status and faction
 * when the traits have them, the bio quoted, world words and terms. Under a contradiction
 * (prompt-person.ts) the text states the wrong facts throughout and leaves the bio out.
 *   backstoryText(readPerson(raw, 0), bio, 'A medieval fishing village', terms) // one backstory
 * Cost: a few string templates and one shuffle per person; well under a millisecond.
 */
import { ageWord, type Contradict, hintList, type PromptPerson, type View, viewOf } from './prompt-person.js';
import { article, capitalise, pick, shuffleBy, wordCount, worldPair } from './text-helpers.js';

/** The sentence about marital status a text states (nothing when the traits have none). */
function maritalSentence(v: View, raw: string | null | undefined): string | null {
  const { first, pro } = v;
  switch (v.marital) {
    case 'single':
      return `${first} has never married and says the work leaves no time for it.`;
    case 'married':
      return `${first} is happily married, and ${pro.pos} spouse keeps the household accounts.`;
    case 'widowed':
      return `${first} was widowed some years ago and still keeps ${pro.pos} late spouse's chair by the fire.`;
    case 'divorced':
      return `${first} divorced young and speaks of it only rarely.`;
    default:
      return raw ? `Of ${pro.pos} private life, people know only that ${first} is ${raw}.` : null;
  }
}

/**
 * One backstory of 160-230 words: name, "<age>-year-old", occupation, every hint, pronouns,
 * marital status and faction when the traits have them, the bio quoted (whole when it has at
 * most 45 words), world words and terms. Under a contradiction the text states the wrong
 * facts throughout and leaves the (correct) bio out.
 */
export function backstoryText(
  p: PromptPerson,
  bio: string,
  world: string,
  terms: readonly string[],
  contradict: Contradict = false,
): string {
  const key = p.name;
  const v = viewOf(p, contradict, 'backstory');
  const [x, y] = worldPair(world, key);
  const age = ageWord(v);
  const a = article(age);
  const { name, first: f, occupation: occ, pro } = v;
  const occA = `${article(occ)} ${occ}`;

  let quote = bio.trim().split(/\s+/).filter(Boolean);
  if (quote.length > 45) quote = [...quote.slice(0, 40), '…'];
  const quoted = v.kinds.size ? '' : quote.join(' ');

  const intro = pick(
    [
      `${name} is ${a} ${age} ${occ} whose life has been bound up with ${x} and ${y} for as long as anyone can remember.`,
      `Long before ${name} became the ${age} ${occ} people know today, ${f} was a restless child growing up between ${x} and ${y}.`,
      `Today ${name} is ${a} ${age} ${occ}, but the road there wound through ${x}, ${y} and more than one hard winter.`,
    ],
    key,
    'intro',
  );
  const bioSentence = quoted
    ? pick(
        [
          `The short version most people tell goes like this: "${quoted}"`,
          `Ask around and you will hear it put simply: "${quoted}"`,
          `Neighbours sum ${f} up in a few words: "${quoted}"`,
        ],
        key,
        'bio',
      )
    : '';
  const hintsSentence = v.hints.length
    ? `${pick(['A few things about', 'Some things about', 'Certain facts about'], key, 'hints')} ${f} matter more than the rest: ${hintList(v.hints, key)}`
    : '';
  const pronounSentence = `${capitalise(pro.pos)} neighbours trust ${pro.obj} with small things and, lately, with a few large ones.`;
  const marital = maritalSentence(v, p.marital);
  const faction = p.faction ? `In the quarrels of the day ${f} stands with ${p.faction}, whatever it costs.` : null;
  const termSentences = shuffleBy(terms, key, 'terms')
    .slice(0, 2)
    .map((t, i) =>
      i === 0
        ? `Talk of ${t} has followed ${f} for years, for better and for worse.`
        : `${f} has firm opinions about ${t} and shares them freely.`,
    );
  const want = pick(
    [
      `What ${f} wants now is simple to say and hard to get: a little security, a little respect, and time to enjoy both.`,
      `These days ${f} wants to leave something behind in ${x} that outlasts the gossip.`,
      `Now ${f} hopes for one good chance to prove that the years in ${y} were not wasted.`,
    ],
    key,
    'want',
  );
  const fillers = shuffleBy(
    [
      `The early years were lean, and ${f} learned to read people long before learning to read letters.`,
      `Work as ${occA} came slowly at first, through odd jobs, borrowed tools and a great deal of patience.`,
      `${f} still remembers the first real success, a small one, and the stubborn pride it brought.`,
      `Not every choice was a wise one, and a few old debts of trust have never quite been repaid.`,
      `Around ${x}, ${f} is known for keeping promises and for remembering who kept theirs.`,
      `There were seasons when ${f} considered leaving for good, yet something always pulled ${f} back.`,
      `Friends describe a dry sense of humour that surfaces at exactly the wrong moments.`,
      `Rivals admit, if pressed, that ${f} is hard to outwork and harder to fool.`,
      `Evenings are for mending what the day broke, whether tools, plans or friendships.`,
      `${f} keeps a small collection of keepsakes from ${y}, each with a story attached.`,
      `Strangers who earn the trust of ${f} find a loyal ally; those who waste it rarely get a second chance.`,
      `Every morning starts the same way, with a walk past ${x} and a quiet look at how things have changed.`,
      `The work of ${occA} is rarely glamorous, but ${f} takes real pride in doing it well.`,
      `Old neighbours still tell stories about ${f} that grow a little taller with every telling.`,
    ],
    key,
    'fillers',
  );
  const required = [intro, bioSentence, pronounSentence, hintsSentence, marital, faction, ...termSentences, want].filter(
    (s): s is string => !!s,
  );
  let words = wordCount(required.join(' '));
  const chosen: string[] = [];
  for (const s of fillers) {
    if (words >= 175) break;
    const w = wordCount(s);
    if (words + w > 225) continue;
    chosen.push(s);
    words += w;
  }
  const half = Math.ceil(chosen.length / 2);
  const first = [intro, ...chosen.slice(0, half), bioSentence, pronounSentence].filter(Boolean).join(' ');
  const second = [hintsSentence, marital, faction, ...termSentences, ...chosen.slice(half), want].filter(Boolean).join(' ');
  return `${first}\n\n${second}`;
}
