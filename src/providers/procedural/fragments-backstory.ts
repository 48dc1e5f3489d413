/**
 * Authored fragments for procedural BACKSTORIES (a data file: long on purpose): origin,
 * childhood, a turning point at an age, the work and the world's own institutions and
 * quarrels, traits woven into events (a spouse, a loss, a rite, a doubt, a feud), a want or
 * a secret. Same slots and conventions as fragments.ts, plus {eventAge} {laterAge} (ages
 * before now, as bare numbers: never "age N", which would read as a stated age), {parents},
 * {childhood}, {turning}, {how}, {memory}, {secret}, {spouse}; never a sentence of a bio.
 *   import { ORIGINS } from './fragments-backstory.js';
 * Cost: static strings, compiled once by text-template.ts at load.
 */

/** First sentence: the name and where it began. */
export const ORIGINS = [
  '{name} was born {P} to {parents}.',
  'The story of {name} begins {P}, with {parents}.',
  '{name} was raised {P} by {parents}.',
  '{name} came into the world {P}, the child of {parents}.',
  'Long before anyone {P} knew the name {name}, there was a small child and {parents}.',
  '{name} grew up {P} in the care of {parents}.',
  'Nobody {P} paid much attention when {name} was born to {parents}.',
  '{name} started life {P} with {parents} and very little else.',
] as const;

export const PARENTS = [
  'a family of modest means',
  'a large and noisy household',
  'parents who worked from first light to last',
  'a widowed mother with little to spare',
  'a father who was more often away than home',
  'a family that had been there for generations',
  'newcomers who never quite fitted in',
  'a household with more debts than rooms',
  'a quiet couple who kept to themselves',
  'a proud family fallen on hard times',
  'an aunt who took {them} in',
  'parents who argued about everything except the children',
  'a mother known for a sharp tongue',
  'a family of skilled hands',
  'a grandmother who raised {them} alone',
  'a father with big plans and bad luck',
] as const;
/** Origin when a standing is known: {aClass} is "a villein", "a middle class". */
export const CLASS_PARENTS = [
  '{aClass} family',
  '{aClass} household that counted every scrap',
  '{aClass} family with big hopes for {them}',
] as const;

export const CHILDHOOD_FRAMES = [
  'As a child, {first} {childhood}.',
  'Growing up, {first} {childhood}.',
  'In those early years {first} {childhood}.',
  'Neighbours still recall that young {first} {childhood}.',
  'Even as a small child {first} {childhood}.',
] as const;
/** Past-tense predicates. */
export const CHILDHOOD = [
  'was small for {their} age and learned to be quick',
  'followed an older cousin everywhere',
  'learned early that promises are cheap',
  'asked too many questions',
  'ran errands for anyone who would pay',
  'got into every fight worth having',
  'kept to the edges of things, watching',
  'was sick often and spent long days listening to the adults talk',
  'was trusted with the younger children early',
  'collected every story told after dark',
  'was forever in trouble, and forever forgiven',
  'had one close friend and needed no others',
  'was already {temper}, to {their} family’s despair',
] as const;

/** Turning point at {eventAge} (a bare number younger than now). */
export const TURNING_FRAMES = [
  'At {eventAge}, {first} {turning}.',
  'When {they} [was] {eventAge}, {first} {turning}.',
  'The year {first} turned {eventAge}, everything changed: {they} {turningP}.',
  'Everything changed at {eventAge}, when {first} {turning}.',
  '{first} was {eventAge} when {they} {turningP}.',
] as const;
export const TURNING = [
  'survived a bad season that took half the neighbours',
  'saw a friend ruined by a bad bargain',
  'was betrayed by someone {they} trusted',
  'lost a sibling to sickness',
  'saved a stranger’s life and never learned the stranger’s name',
  'was blamed for a theft {they} did not commit',
  'fell in love with the wrong person',
  'won a small fortune and lost it within the month',
  'broke a promise that still weighs on {them}',
  'took a beating for someone else’s mistake',
  'left home after a bitter quarrel',
  'found a {msg} that changed how {they} saw {their} family',
  'watched a fire destroy everything the family owned',
  'was given a second chance by someone who owed {them} nothing',
  'walked away from a safe life on a stubborn whim',
  'nursed a dying parent through a long illness',
  'caught the eye of someone powerful, for good and ill',
  'made an enemy who has not forgotten',
  'spent a season far from home and came back changed',
] as const;

/** How the occupation came about. */
export const WORK_FRAMES = [
  '{first} became {aOccNP} {how}, and learned the hard parts by getting them wrong.',
  'The work of {aOccNP} came to {first} {how}, and it stuck.',
  '{first} took up the life of {aOccNP} {how}, and soon had regular customers and rivals.',
  'Being {aOccNP} was never the plan; it happened {how}, and stayed.',
  '{first} settled into the work of {aOccNP} {how}, learning every trick from older hands.',
] as const;
export const HOW = [
  'almost by accident',
  'after an apprenticeship that nearly broke {them}',
  'because nobody else would do it',
  'through a family connection',
  'out of stubbornness more than talent',
  'after years of trying other things',
  'to pay off an old family debt',
  'because it was the only door left open',
  'on the advice of an old friend',
  'against the wishes of {their} family',
  'by watching and copying until someone paid for it',
] as const;

/** The world's own institutions, activities and stakes: at least one per backstory. */
export const WORLD_INST = [
  'The work brought {first} into the orbit of {inst}, and {they} [has] never quite left it.',
  'Sooner or later everyone {P} has to deal with {inst}; {first} learned how early, and at a price.',
  '{first} owes {inst} more than {they} would like, and {they} [knows] exactly how much.',
  'For years {first} kept clear of {inst}, until a debt made that impossible.',
  'Around {inst}, {first} has friends, rivals and one enemy {they} [has] never named.',
] as const;
export const WORLD_ACT = [
  'Life in {act} has taught {first} whom to trust and whom to count twice.',
  '{first} has given more of {their} life to {act} than {they} ever meant to.',
  'There is little about {act} that {first} has not seen, and less that surprises {them}.',
  'Everyone in {act} knows {first} by now, for better and for worse.',
] as const;
export const WORLD_RES = [
  'The quarrel over {res} runs through everything {P}, and {first} has had to pick a side.',
  'When the fight over {res} turned ugly, {first} lost a friend to it.',
  '{first} has watched the price of {res} ruin better people than {them}.',
  'Everything {first} owns depends, one way or another, on {res}.',
] as const;
export const WORLD_PLACE = [
  '{first} knows every corner {P}, and most of its secrets.',
  'There is a spot {P} that {first} thinks of as {their} own.',
  'Few people {P} have seen as much as {first} has.',
  'The rhythm of life {P} sets the pace of {their} days.',
] as const;

/** Faction woven into a job or a feud ({faction} verbatim). */
export const FACTION_EVENTS = [
  'At {laterAge} {first} took work with {faction}, and the loyalty stuck.',
  'A feud with a rival drove {first} into the arms of {faction}, who have kept {them} busy ever since.',
  '{first} has stood with {faction} since {they} [was] {laterAge}, through feuds, lean seasons and worse.',
  'It was {faction} who gave {first} a chance when nobody else would, and {first} has not forgotten it.',
] as const;
/** Faction values such as "none" or "independent": quoted rather than woven. */
export const FACTION_NONE = [
  'A bad year at {laterAge} taught {first} what taking sides costs; asked about loyalty now, {they} [says] "{faction}" and changes the subject.',
  '{first} has turned down every side that came asking since {they} [was] {laterAge}, and answers "{faction}" to anyone who presses.',
] as const;

/** Faith woven into a rite or a doubt. */
export const FAITH_EVENTS = [
  '{first} was raised to keep faith with {faith}, and still does, most days.',
  'After a loss at {laterAge}, {first} turned to {faith} and found more comfort there than expected.',
  '{first} drifted from {faith} in {their} youth and drifted back at {laterAge}.',
  'The rites of {faith} marked every turn of {first}’s life, whether {they} liked it or not.',
] as const;
export const FAITH_NONE = [
  'Whatever faith {first} had did not survive the year {they} turned {laterAge}; asked now, {they} [says] "{faith}" and leaves it there.',
  'Raised among believers, {first} drifted away young, and "{faith}" is the whole of the answer {they} [gives] today.',
] as const;

/** Marital status through a spouse or a loss, keyed by the value (lower case). */
export const MARITAL_EVENTS: Record<string, readonly string[]> = {
  married: [
    'At {laterAge}, {first} married {spouse}, and the two of them have been married ever since.',
    '{first} married {spouse} at {laterAge}; it was not a match anyone expected to last, and it has.',
  ],
  widowed: [
    '{first} was widowed at {laterAge}, and carries the loss quietly.',
    'The sickness that left {first} widowed at {laterAge} changed {them} more than anything before it.',
  ],
  single: [
    '{first} has stayed single, by choice {they} [says], though not everyone believes it.',
    'Offers came and went; {first} is still single and seems to prefer it.',
  ],
  divorced: ['The marriage {first} made at {laterAge} did not survive, and {first} has been divorced for some years now.'],
  betrothed: ['{first} is betrothed to {spouse}, an arrangement that pleases one family more than the other.'],
  engaged: ['{first} is engaged to {spouse}, and the whole neighbourhood has an opinion about it.'],
  partnered: ['{first} is partnered with {spouse}, and they have been through a great deal together.'],
};
export const MARITAL_OTHER = ['At home, {first} is {marital}, and keeps that part of life private.'] as const;
export const SPOUSES = [
  'a childhood friend',
  'someone from a rival family',
  'a quiet newcomer',
  'a widower with two children',
  'a neighbour’s cousin',
  'someone {first} met by chance',
] as const;

/** Temperament through a moment (used when the childhood line did not already carry it). */
export const TEMPER_EVENTS = [
  'The {temper} streak in {first} has won {them} as many friends as it has lost.',
  'People who cross {first} find out how {temper} {they} can be.',
] as const;

export const MEMORY_FRAMES = [
  '{first} still remembers {memory}.',
  'Some nights {first} thinks about {memory}.',
  'Nothing has erased {memory} from {their} mind.',
] as const;
export const MEMORIES = [
  'a song from early childhood',
  'the first wage {they} ever earned',
  'a kindness from a stranger on a hard day',
  'the face of someone who left and never came back',
  'the taste of a meal shared with old friends',
  'a promise made in anger',
  'the day the whole family was last together',
  'an argument that ended a friendship',
  'the silence after bad news',
  'the first time {they} felt truly afraid',
] as const;

/** Age now (stated as the checker reads it), joined to a want. */
export const NOW_FRAMES = [
  'Now, at age {age}, with much of {their} life behind {them}, {first} {goal}.',
  'Settled these days as a {age}-year-old {occNP}, {first} quietly {goal}.',
  'At age {age}, older and warier, {first} {goal}.',
  'Now {age} years old and still restless, {first} {goal}.',
  'Today, at age {age}, having seen plenty, {first} {goal}.',
] as const;
export const WANTS = [
  'wants to win back a lost family name',
  'means to settle an old score',
  'hopes to take on an apprentice',
  'wants to be remembered for something good',
  'intends to pay off every last debt',
  'hopes to find a missing sibling',
  'dreams of running something of {their} own',
  'wants to prove the doubters wrong',
  'hopes to make peace with an estranged parent',
  'longs to be trusted with something important',
  'plans to expose an old wrong',
  'hopes to keep the family together',
  'wants justice for an old crime',
  'means to find out who really runs things',
  'wants to repay a kindness from years ago',
  'hopes for a second chance',
  'wants to leave something worth keeping',
  'intends to rise higher than anyone expects',
  'hopes to see an old feud ended',
  'wants to build something that lasts',
] as const;
export const SECRET_FRAMES = [
  'What nobody knows is that {first} {secret}.',
  'Only one person alive knows that {first} {secret}.',
  '{first} has never told anyone that {they} {secretP}.',
  'The secret {first} keeps is simple: {they} {secretP}.',
] as const;
export const SECRETS = [
  'still has the {msg} that could ruin a powerful family',
  'once took something that was never returned',
  'is not who {they} [claims] to be, quite',
  'has been putting {money} aside to leave for good',
  'knows who started the trouble years ago',
  'owes a debt that can never be paid in {money}',
  'was there the night everything went wrong',
  'has a child nobody knows about',
] as const;
export const CLOSINGS = [
  'Whether {they} will manage it is anyone’s guess.',
  'Some days that seems within reach.',
  '{first} will not give up on it easily.',
  'For now, the work comes first.',
  'It may take years; {first} has patience for that.',
  'Nobody who knows {first} would bet against it.',
  'Time will tell.',
] as const;
