/**
 * Procedural bios: 2-3 sentences, at most 45 words, third person, present tense. A hook from
 * one of ~105 structurally different openings (most with pools of their own) (a rumour, a habit, a question of fact, what
 * they are owed, where they are found...), then the age, occupation and a world phrase if the
 * hook did not give them, then a character line or the person's hints, woven in ("the
 * one-eyed ferryman", "people still talk about the samurai she once was").
 *   const bio = bioFrom(view, profile, identity, rand);
 * Cost: ~7 µs a bio (compiled templates, no regex per call; ~140,000 bios/s on one core).
 */
import type { PersonaIdentity } from '../../core/types.js';
import { countWords } from '../../stages/bio.js';
import * as F from './fragments.js';
import { type ClassifiedHint, PersonRenderer } from './text-render.js';
import { cap, compile, compileAll, pool, registerPool, type Tpl } from './text-template.js';
import type { WorldView } from './text-world.js';

export const BIO_MAX_WORDS = 45;

registerPool('habit', pool(F.HABITS));
registerPool('habitP', pool(F.HABITS), true);
registerPool('want', pool(F.WANTS));
registerPool('wantP', pool(F.WANTS), true);
registerPool('wantNP', pool(F.WANT_NPS));
registerPool('known', pool(F.KNOWN));
registerPool('doing', pool(F.DOING));
registerPool('rumour', pool(F.RUMOURS));
registerPool('rumourP', pool(F.RUMOURS), true);
for (const [slot, list] of Object.entries(F.HOOK_POOLS)) registerPool(slot, pool(list));
registerPool('deed', pool(F.DEEDS));
registerPool('owed', pool(F.OWED));
registerPool('item', pool(F.ITEMS));
registerPool('story', pool(F.STORIES));

const T = {
  hooks: compileAll(F.HOOKS),
  full: compileAll(F.FULL_HOOKS),
  ids: compileAll(F.IDS),
  extras: compileAll(F.EXTRAS),
  short: compile('{name} is {ageOcc} {P}.'),
};
/** Hooks that open on the name take a lead-in half the time. */
const LEADABLE = new Set<Tpl>([
  ...T.hooks.filter((_, i) => F.HOOKS[i]!.startsWith('{name} ')),
  ...T.full.filter((_, i) => F.FULL_HOOKS[i]!.startsWith('{name} ')),
]);
function hook(c: PersonRenderer, list: readonly Tpl[]): string {
  const t = c.tpl(list);
  const text = c.render(t);
  return LEADABLE.has(t) && c.rand(2) === 0 ? c.pick(F.LEADS) + text : cap(text);
}

/** One hint, one sentence, by kind (the hint verbatim in {hint}; never at a sentence start). */
const HINT_FRAMES: Record<ClassifiedHint['kind'], Tpl[]> = {
  noun: compileAll([
    'People still talk about the {hint} {they} once [was].',
    'Most people just call {them} the {hint}.',
    '{They} [has] never stopped being {aHint}.',
    'Underneath it all, {first} is still {aHint}.',
    'Those who know {first} see the {hint} first and the rest later.',
  ]),
  np: compileAll([
    'Not everyone knows that {first} is {hint}.',
    '{first} is, by {their} own account, {hint}.',
    'Few forget that {first} is {hint}.',
  ]),
  pred: compileAll(['Everyone knows that {first} {hint}.', 'It is no secret that {first} {hint}.', 'People notice that {first} {hint}.']),
  isPred: compileAll([
    'Few people know that {first} is {hint}.',
    'It is whispered that {first} is {hint}.',
    'Not everyone knows {first} is {hint}.',
  ]),
  adj: compileAll([
    'People notice first that {first} is {hint}.',
    'Being {hint} has never slowed {first} down.',
    '{first} is {hint}, and makes no fuss about it.',
  ]),
  suffix: compileAll([
    'People know {first} as the one {hint}.',
    'Ask for the one {hint}: that is {first}.',
    '{first} is the one {hint}, as everyone knows.',
  ]),
};
/** Several hints: one sentence of predicates. */
function predicate(h: ClassifiedHint): string {
  switch (h.kind) {
    case 'noun':
      return `is known as the ${h.text}`;
    case 'np':
    case 'adj':
    case 'isPred':
      return `is ${h.text}`;
    case 'suffix':
      return `is the one ${h.text}`;
    default:
      return h.text;
  }
}
function hintSentence(c: PersonRenderer): string {
  const hints = c.looseHints;
  if (!hints.length) return '';
  if (hints.length === 1) {
    c.hint = hints[0]!.text;
    return c.render(c.pick(HINT_FRAMES[hints[0]!.kind]));
  }
  const preds = hints.map(predicate);
  return `${c.first} ${preds.slice(0, -1).join(', ')} and ${preds[preds.length - 1]}.`;
}

function tooLong(text: string): boolean {
  return countWords(text) > BIO_MAX_WORDS;
}

/**
 * A bio for one person in one world view: names them, states the age, names the occupation,
 * shows a world phrase and every hint verbatim. `rand(n)` is an integer in [0, n).
 */
export function bioFrom(view: WorldView, subject: PersonaIdentity, rand: (n: number) => number): string {
  const c = new PersonRenderer(rand, view, subject, true);
  const hintLine = hintSentence(c);
  for (let attempt = 0; attempt < 4; attempt++) {
    c.ownUsed = c.worldUsed = false;
    // About one in four opens with a hook that already carries age, occupation and place.
    const single = rand(4) === 0;
    const head = single ? hook(c, T.full) : `${hook(c, T.hooks)} ${cap(c.render(c.tpl(T.ids)))}`;
    // A question and its answer are two sentences already: at most one more.
    const asks = head.includes('?');
    if (asks && hintLine && attempt < 3) continue;
    const third = hintLine || (single || (!asks && rand(3) > 0) ? cap(c.render(c.tpl(T.extras))) : '');
    const bio = third ? `${head} ${third}` : head;
    // Prefer a bio that shows one of the description's own phrases (a few draws usually find one).
    const grounded = attempt === 3 || (c.worldUsed && (c.ownUsed || !view.namedPlaces));
    if (grounded && !tooLong(bio)) return bio;
    if (grounded && !tooLong(head) && !hintLine && !single) return head;
  }
  const fallback = c.render(T.short);
  return hintLine ? `${fallback} ${hintLine}` : fallback;
}
