/**
 * The loopback LLM test server's bios: 1-2 sentences (and the hints), 20-45 words, naming the
 * person, their exact age ("34-year-old"), occupation and every hint (verbatim, or now and
 * then paraphrased), in the pronouns of the person's gender, with a term and world words.
 * Opening and structure vary by person, deterministically; a regeneration (`redo`) gets
 * another good bio, worded differently. Under a contradiction (prompt-person.ts) the bio
 * states the wrong facts.
 *   bioText(readPerson(raw, 0), 'A medieval fishing village', ['the harbour tax']) // one bio
 * Cost: a few string templates per person; well under a millisecond.
 */
import { ageWord, type Contradict, hintList, type PromptPerson, viewOf } from './prompt-person.js';
import { article, capitalise, pick, wordCount, worldPair } from './text-helpers.js';

/** One bio: 1-2 sentences (and the hints), 20-45 words, with name, "<age>-year-old", occupation, hints, pronouns, a term and world words. */
export function bioText(p: PromptPerson, world: string, terms: readonly string[], contradict: Contradict = false): string {
  const key = personKey(p);
  const v = viewOf(p, contradict, 'bio');
  const [x, y] = worldPair(world, key);
  const age = ageWord(v);
  const a = article(age);
  const { name, first, occupation: occ, pro } = v;
  const { pos, obj } = pro;
  const Pos = capitalise(pos);
  const term = terms.length ? pick(terms, key, 'term') : 'the changing times';
  const aged = v.age === null ? `${a} ${age}` : `aged ${v.age}`;
  const openers = [
    `${name} is ${a} ${age} ${occ} from ${x}`,
    `${name}, ${a} ${age} ${occ}, has lived near ${x} all ${pos} life`,
    `Everyone around ${x} knows ${name}, the ${age} ${occ}`,
    `Meet ${name}: ${a} ${age} ${occ} with deep roots in ${x}`,
    `${name}, ${aged}, earns ${pos} keep as ${article(occ)} ${occ} in ${x}`,
    `${capitalise(a)} ${age} ${occ} named ${name} keeps ${pos} own counsel in ${x}`,
    `Need ${article(occ)} ${occ} in ${x}? Ask for ${name}, the ${age} everyone trusts`,
    `Down by ${x} works ${name}, ${a} ${age} ${occ}`,
    `The ${age} ${occ} ${name} rarely strays far from ${x}`,
    `${name} makes a living as ${article(occ)} ${occ}, and ${pos} ${age} bones know every corner of ${x}`,
    `Ask about the ${age} ${occ} of ${x} and you will hear the name ${name}`,
    `${name} has become the ${age} ${occ} that ${x} leans on`,
    `There is no ${occ} in ${x} quite like ${name}, ${a} ${age} with opinions on everything`,
    `${name} (${a} ${age} ${occ}) is a fixture of ${x}`,
    `In ${x}, ${name} is simply the ${age} ${occ} with the open door`,
    `${name} never planned to be ${a} ${age} ${occ} in ${x}, yet here we are`,
    `Of everyone working as ${article(occ)} ${occ} in ${x}, ${name} (${a} ${age}) is the one people remember`,
    `${name} came to be ${a} ${age} ${occ} by way of ${x}`,
    `Hard work made ${name} the ${age} ${occ} of ${x}`,
    `${name}, ${aged} and ${article(occ)} ${occ} by trade, calls ${x} home`,
  ];
  const flavour = p.flavour && /^[\p{L}-]+$/u.test(p.flavour) ? p.flavour.toLowerCase() : null;
  const tails = flavour
    ? [
        `${first} is known for ${pos} ${flavour} streak`,
        `friends call ${obj} ${flavour} and mean it kindly`,
        `${pos} ${flavour} manner makes ${obj} easy to remember`,
        `${article(flavour)} ${flavour} temper has served ${obj} better than most expect`,
        `neighbours find ${obj} ${flavour}, and ${pos} rivals agree`,
        `even ${pos} critics admit ${obj} ${flavour} to the bone`,
        `the ${flavour} look in ${pos} eyes tells strangers enough about ${obj}`,
        `${pos} ${flavour} ways are the talk of ${y}`,
      ]
    : [
        `${pos} word is trusted and ${pos} door is rarely shut`,
        `people learn quickly not to underestimate ${obj}`,
        `${pos} patience is famous and ${pos} temper is not`,
        `few would cross ${obj} twice`,
        `${pos} advice is free and usually right`,
        `nobody in ${y} has a bad word for ${obj}`,
      ];
  const closers = [
    `${Pos} evenings go to ${y} and long talks about ${term}.`,
    `Lately ${term} has kept ${obj} awake at night.`,
    `Nobody has ever seen ${obj} turn away a stranger from ${y}.`,
    `${Pos} hands are rarely still, and ${pos} views on ${term} are rarely quiet.`,
    `Some say ${pos} luck ran out in ${y}; ${first} says otherwise.`,
    `${first} keeps a list of everyone in ${y} who owes ${obj} a favour.`,
    `Talk of ${term} brings out ${pos} sharpest jokes.`,
    `${Pos} oldest friend lives out past ${y}.`,
    `The children of ${y} follow ${obj} around for stories.`,
    `${first} trusts ${term} about as far as ${pos} shadow reaches.`,
    `${Pos} one extravagance is a good pair of boots for the road to ${y}.`,
    `Rumour ties ${obj} to ${term}, which ${first} neither confirms nor denies.`,
    `On market days ${first} haggles near ${y} with ${pos} neighbours.`,
    `${first} learned ${pos} trade the hard way, somewhere around ${y}.`,
    `A quiet debt to someone in ${y} still weighs on ${obj}.`,
    `${Pos} laugh carries the length of ${y}.`,
    `${first} hums while working, a habit ${pos} regulars tease ${obj} about.`,
    `Whatever comes of ${term}, ${first} means to be ready, and ${pos} plans show it.`,
    `Strangers from ${y} find ${obj} gruff at first.`,
    `${first} still writes ${pos} letters to a cousin in ${y}.`,
    `Every spring ${first} swears ${pos} roof will be fixed before the rains.`,
    `${Pos} dog is better known in ${y} than ${obj}.`,
    `No one has beaten ${obj} at dice in ${y} for years.`,
    `A faded map of ${y} hangs above ${pos} bed.`,
    `Bad news about ${term} always seems to reach ${obj} first.`,
    `${first} would sooner walk to ${y} barefoot than break ${pos} word.`,
    `${Pos} bread, ${pos} gossip and ${pos} grudges are all homemade.`,
    `Travellers from ${y} ask for ${obj} by name.`,
  ];
  const extra = p.extras?.length ? pick(p.extras, key, 'extra') : null;
  const facts = extra
    ? [
        ` In matters of ${extra[0]}, ${first} answers to ${extra[1]}.`,
        ` Ask ${obj} about ${extra[0]} and the answer is ${extra[1]}.`,
        ` ${Pos} ${extra[0]}? ${capitalise(extra[1])}, and no apology for it.`,
        ` On ${extra[0]}, ${pos} answer is ${extra[1]}.`,
        ` For ${first}, ${extra[0]} means ${extra[1]}.`,
        ` ${capitalise(extra[1])} sums up ${pos} ${extra[0]}.`,
      ]
    : [''];
  const fact = pick(facts, key, 'fact');
  const leads = ['Worth knowing:', 'Rumour adds:', `${Pos} friends would add:`, 'Notably:', 'People also mention:', 'Less obvious:'];
  const joiner = pick(['; ', ', and ', ' - '], key, 'joiner');
  const opener = pick(openers, key, 'opener');
  const tail = pick(tails, key, 'tail');
  const lead = pick(
    ['', '', 'These days ', 'By all accounts ', 'Word is that ', 'In truth ', 'Lately ', 'As it happens ', 'Oddly enough '],
    key,
    'closer-lead',
  );
  const picked = pick(closers, key, 'closer');
  const closer =
    lead && !picked.startsWith('Lately')
      ? `${lead}${picked.charAt(0) === first.charAt(0) && picked.startsWith(first) ? picked : picked.charAt(0).toLowerCase() + picked.slice(1)}`
      : picked;
  const hintsSentence = v.hints.length ? ` ${pick(leads, key, 'hint-lead')} ${hintList(v.hints, key)}` : '';
  const candidates = [
    `${opener}${joiner}${tail}.${fact} ${closer}${hintsSentence}`,
    `${opener}.${fact} ${closer}${hintsSentence}`,
    `${opener}${joiner}${tail}. ${closer}${hintsSentence}`,
    `${opener}. ${closer}${hintsSentence}`,
    `${opener}${joiner}${tail}.${hintsSentence}`,
    `${opener}.${hintsSentence}`,
  ];
  return candidates.find((t) => wordCount(t) <= 45) ?? candidates.at(-1)!;
}

/** What varies a person's text: the name and the facts sent with it (names repeat across worlds and in samples). */
function personKey(p: PromptPerson): string {
  return [p.name, p.age ?? '', p.occupation, p.flavour ?? '', p.marital ?? '', ...p.hints, p.redo ? 'redo' : ''].join('|');
}
