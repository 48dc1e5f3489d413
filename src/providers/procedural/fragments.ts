/**
 * Authored text fragments for procedural bios and backstories (a data file: long on
 * purpose). Templates use {slots} filled by text.ts: {name} {first} {ageOcc} ("a
 * 34-year-old weaver") {aOcc} {occ} {W} (a phrase placing the person by a world term) {T}
 * (the bare term) {they} {them} {their} {is} {has} {was} {says} (agreeing with the pronoun),
 * {habitS}/{habitP} and {wantS}/{wantP} (third-person / pronoun-agreeing verb phrases),
 * {temper} {faction} {faith} {marital} {hints}, and pools named below ({parents}, ...).
 * Phrases in HABITS and WANTS are bare verb phrases ("keep a ledger"); text.ts conjugates.
 * World flavour comes from the profile's terms and traits, so fragments stay world-neutral.
 *   import { BIO_OPENINGS } from './fragments.js';
 * Cost: static strings, compiled once by text.ts at load.
 */

/** Bio sentence 1 (no final period): must carry {name}, {ageOcc} and {W}. */
export const BIO_OPENINGS = [
  '{name} is {ageOcc} {W}',
  '{name}, {ageOcc}, makes a living {W}',
  'Everyone knows {name}, {ageOcc} {W}',
  'Meet {name}, {ageOcc} {W}',
  '{name} is {ageOcc} who {habitS} {W}',
  '{Wc}, {name} is known as {ageOcc}',
  'Ask anyone {W} about {name} and you will hear of {ageOcc}',
  '{name}, {ageOcc} {W}, {habitS}',
  'Among the people {W}, {name} stands out as {ageOcc}',
  '{Wc} lives {name}, {ageOcc}',
  '{name} earns a keep as {ageOcc} {W}',
  '{name} is {ageOcc} whose days are spent {W}',
  'You will find {name}, {ageOcc}, {W} most days',
  'Known {W} as {ageOcc}, {name} {habitS}',
  '{name} works {W} as {ageOcc}',
  'There is no missing {name}, {ageOcc} {W}',
  '{Wc}, few are as familiar as {name}, {ageOcc}',
  '{name} has made a life {W} as {ageOcc}',
  'Day after day {name}, {ageOcc}, can be found {W}',
  'If you need {aOcc} {W}, ask for {name}, {ageOcc}',
  '{name}, {ageOcc}, belongs {W} as much as anyone',
  'The name {name} means something {W}: {ageOcc}',
] as const;

/** Bio sentence 2 (no final period): character, wants, loyalties. */
export const BIO_CHARACTER = [
  '{first} {habitS} and {wantS}',
  'Quietly {temper}, {first} {habitS}',
  '{first} stands with {faction} and {habitS}',
  '{first} is {temper} by nature and {wantS}',
  'Most evenings {first} {habitS}',
  'Those who know {first} say {they} {habitP}',
  'A {temper} streak runs deep, and {first} {wantS}',
  '{first}, {marital}, {habitS}',
  'Rumour has it {first} {habitS}',
  'At heart {first} is {temper}; {they} {wantP}',
  'Few know that {first} {habitS}',
  '{first} {habitS}, though {they} {wantP}',
  'By temperament {temper}, {first} {wantS}',
  'Loyal to {faction}, {first} {wantS}',
  'Privately, {first} {wantS}',
  '{first} {habitS}; everyone knows it',
  'Being {marital}, {first} {wantS}',
  'Neighbours say {first} {habitS}',
  '{first} is {temper}, {marital}, and {wantS}',
  'Underneath it all, {first} {wantS}',
  'What stands out is that {first} {habitS}',
  '{first} makes no secret that {they} {wantP}',
  'Some call {first} {temper}; {they} {habitP}',
  'Ever {temper}, {first} {habitS}',
] as const;

/** Short sentence 2 for when hints make the bio long. */
export const BIO_CHARACTER_SHORT = ['{first} {habitS}', '{first} {wantS}', 'Privately, {first} {wantS}', 'Most evenings {first} {habitS}'] as const;

/** How hints join the end of a sentence (the sentence's period is dropped first). */
export const BIO_HINT_FRAMES = ['; worth knowing: {hints}.', ' — {hints}.', '; people mention {hints}.', ' ({hints}).', '; noted: {hints}.', ', and above all: {hints}.'] as const;

/** Bare verb phrases for habits: conjugated to "keeps ..." or left as "keep ..." for they. */
export const HABITS = [
  'keep a ledger of every favour owed', 'hum old songs while working', 'never forget a face', 'distrust strangers until they prove themselves',
  'save every spare coin for a plan nobody knows', 'rise before dawn without fail', 'collect stories from travellers', 'mend things other people throw away',
  'talk to animals more than to people', 'settle arguments with a joke', 'carry a small charm for luck', 'bargain over everything, even gifts',
  'keep a garden in any scrap of soil', 'walk the long way home to think', 'feed anyone who turns up hungry', 'write letters that are never sent',
  'watch the weather with a worried eye', 'sleep lightly and wake at any sound', 'tell the same three stories at every gathering', 'keep secrets better than anyone',
  'pray before every meal', 'gamble a little more than is wise', 'look after a younger cousin', 'refuse to haggle on principle',
  'sketch faces in the margins of everything', 'count things when nervous', 'trust dogs over people', 'stay up late trading gossip',
  'know every shortcut and back way', 'bring small gifts to the sick', 'fix hinges, boots and quarrels alike', 'argue about everything and mean none of it',
  'guard a family heirloom closely', 'cook for far more people than live at home', 'hide an old injury', 'quote proverbs nobody else has heard',
  'shy away from crowds', 'never turn down a wager', 'polish tools long after they are clean', 'keep careful lists of everything',
  'sing badly and often', 'stop to watch every fight without joining in', 'remember the birthdays of half the neighbours', 'lend money to the wrong people',
  'take in stray animals', 'walk with a slight limp from an old accident', 'carry a knife out of habit', 'have an opinion on every neighbour',
  'speak little and listen a great deal', 'keep strange hours', 'go nowhere without a battered old hat', 'tell fortunes for fun',
  'keep accounts in a private cipher', 'collect small bones, stones and feathers', 'trade gossip like currency', 'apologise too often',
  'hold grudges for years', 'forgive too easily', 'drift into daydreams mid-conversation', 'know the name of every child nearby',
  'volunteer for the jobs nobody wants', 'read anything within reach', 'mistrust anyone in authority', 'have a soft spot for troublemakers',
  'keep a lamp lit late into the night', 'visit a grave every week', 'write everything down', 'whistle when nervous',
  'hoard odd keepsakes', 'dress better than the work requires', 'wake the neighbours with early work', 'keep bees on the sly',
  'feud politely with the family next door', 'give away more than can be spared', 'brew something strong for special occasions', 'play a battered old instrument at dusk',
] as const;

/** Bare verb phrases for wants. */
export const WANTS = [
  'hope to see the sea one day', 'want to win back a lost family name', 'mean to settle an old score', 'long to travel beyond the horizon',
  'plan to take on an apprentice soon', 'want to be remembered for something good', 'intend to pay off every debt by winter', 'hope to find a missing sibling',
  'dream of running a place of {their} own', 'want to prove the doubters wrong', 'mean to leave before the year is out', 'hope to make peace with an estranged parent',
  'want to earn enough to stop working', 'long to be trusted with something important', 'plan to expose a local wrong', 'hope to keep the family together',
  'want to see justice for an old crime', 'dream of fame, in a small way', 'intend to outlive every rival', 'hope to buy back the family land',
  'want to master the trade completely', 'dream of somewhere warmer', 'mean to find out who really runs things', 'want nothing more than a full night of sleep',
  'hope to win a certain person’s respect', 'plan to make a name far from here', 'want to repay a kindness from years ago', 'long for the way things used to be',
  'hope the next year will be kinder', 'want to protect the people nearby', 'mean to keep a promise made long ago', 'dream of a second chance',
  'want to be left alone, mostly', 'plan to retire somewhere quiet', 'hope to learn what happened to a lost friend', 'want to leave something worth keeping',
  'intend to rise higher than anyone expects', 'hope to see an old feud ended', 'long to hear a certain voice again', 'want to build something that lasts',
  'plan a journey nobody knows about', 'dream of owning something outright', 'want to settle down at last', 'hope to be forgiven',
  'mean to find a better life for the family', 'want to see the children grow up safe', 'hope to find someone worth trusting', 'plan to pay back an insult with interest',
] as const;

/** Backstory, first sentence: must carry {name} and {ageOcc}. */
export const ORIGINS = [
  '{name}, now {ageOcc}, was born {W} to {parents}.',
  '{name} is {ageOcc} today, but the story starts {W}, with {parents}.',
  'The story of {name}, {ageOcc}, begins {W} with {parents}.',
  '{name} was raised {W} by {parents}, and is {ageOcc} now.',
  'Born {W} to {parents}, {name} has grown into {ageOcc}.',
  'Few {W} remember that {name}, {ageOcc} these days, was born to {parents}.',
  '{name} came into the world {W}, the child of {parents}; today {they} {is} {ageOcc}.',
  'Before {name} was {ageOcc}, there was a small child {W} and {parents}.',
] as const;

export const PARENTS = [
  'a family of modest means', 'a large and noisy household', 'parents who worked from dawn to dusk', 'a widowed mother with little to spare',
  'a father who travelled more than he stayed', 'a family that had lived there for generations', 'newcomers who never quite fitted in', 'a household with more debts than rooms',
  'a quiet couple who kept to themselves', 'a proud family fallen on hard times', 'an aunt who took {them} in', 'parents who argued about everything except the children',
  'a mother known for her sharp tongue', 'a family of craftspeople', 'a grandmother who raised {them} alone', 'a father with big plans and bad luck',
] as const;

/** Childhood: frames around a past-tense phrase. */
export const CHILDHOOD_FRAMES = [
  'As a child, {first} {childhood}.', 'Growing up, {first} {childhood}.', 'In those early years {first} {childhood}.',
  'Neighbours still recall that young {first} {childhood}.', 'Even as a small child {first} {childhood}.', 'Back then, {first} {childhood}.',
] as const;
export const CHILDHOOD = [
  'spent more time outdoors than in', 'was small for {their} age and learned to be quick', 'followed an older cousin everywhere', 'learned early that promises are cheap',
  'lost a parent young and grew up fast', 'asked too many questions', 'ran errands for anyone who would pay', 'got into every fight worth having',
  'kept to the edges of things, watching', 'was sick often and spent long days listening to the adults talk', 'was trusted with the younger children early', 'dreamed of leaving before {they} could walk far',
  'collected every story told after dark', 'was forever in trouble, and forever forgiven', 'learned the value of hard work the hard way', 'had one close friend and needed no others',
] as const;

/**
 * Turning point: frames around a past-tense event; {eventAge} is younger than the person's age.
 * {turning} follows the name; {turningP} follows a pronoun ("was" becomes "were" for they).
 */
export const TURNING_FRAMES = [
  'At {eventAge}, {first} {turning}.', 'When {they} {was} {eventAge}, {first} {turning}.', 'The year {first} turned {eventAge}, {they} {turningP}.',
  'Everything changed at {eventAge}, when {first} {turning}.', '{first} was {eventAge} when {they} {turningP}.',
] as const;
export const TURNING = [
  'survived a winter that took half the neighbours', 'saw a friend ruined by a bad bargain', 'was betrayed by someone {they} trusted', 'lost a sibling to fever',
  'saved a stranger’s life and never learned the stranger’s name', 'was blamed for a theft {they} did not commit', 'fell in love with the wrong person', 'won a small fortune and lost it within the month',
  'broke a promise that still weighs on {them}', 'took a beating for someone else’s mistake', 'left home after a bitter quarrel', 'found a letter that changed how {they} saw {their} family',
  'watched a fire destroy everything the family owned', 'was given a second chance by someone who owed {them} nothing', 'walked away from a safe life on a stubborn whim', 'nursed a dying parent through a long illness',
  'caught the eye of someone powerful, for good and ill', 'made an enemy who has not forgotten', 'spent a season far from home and came back changed', 'discovered a talent nobody expected',
] as const;

/** How the occupation came about: must carry {occ} (via {aOcc}). */
export const WORK_FRAMES = [
  '{first} became {aOcc} {how}.', 'The work of {aOcc} came to {first} {how}.', '{first} took up the life of {aOcc} {how}.',
  'Being {aOcc} was never the plan; it happened {how}.', '{first} settled into the work of {aOcc} {how}.',
] as const;
export const HOW = [
  'almost by accident', 'after an apprenticeship that nearly broke {them}', 'because nobody else would do it', 'through a family connection',
  'out of stubbornness more than talent', 'after years of trying other things', 'to pay off an old family debt', 'because it was the only door left open',
  'on the advice of an old friend', 'against the wishes of {their} family', 'by watching and copying until someone paid for it', 'after a lucky meeting {W}',
] as const;

/** Introduces the bio's first sentence, quoted verbatim, so bio and backstory are one person. */
export const BIO_REFERENCES = [
  'Ask around {T} and you get the short version: {bio}', 'That is how people sum {them} up now: {bio}', 'Most people only know the surface: {bio}',
  'The way neighbours put it: {bio}', 'Put simply: {bio}', 'To a stranger it would sound plain enough: {bio}', 'In a sentence: {bio}',
  'Everyone {W} can tell you this much: {bio}',
] as const;

export const TEMPER_LINES = ['{first} is {temper} by nature, and it shows.', 'Those who know {them} call {them} {temper}.', '{Their} temperament is {temper}, for better or worse.', 'By temperament {first} is {temper}.'] as const;
export const FACTION_LINES = ['{first} stands with {faction}.', '{Their} loyalty lies with {faction}.', 'When sides are taken, {first} sides with {faction}.', '{first} owes allegiance to {faction}.'] as const;
export const FAITH_LINES = ['As for faith: {faith}.', '{Their} faith is {faith}.', 'On faith, {first} would say only this: {faith}.'] as const;
export const MARITAL_LINES = ['{first} is {marital}.', 'At home, {first} is {marital}.', '{They} {is} {marital}, these days.'] as const;
export const ANCESTRY_LINES = ['{first} is {aValue} by ancestry.', 'By blood {first} is {aValue}, and proud of it.'] as const;
/** Any other trait: {label} is the variable name in words, {value} its value. */
export const TRAIT_LINES = ['{Their} {label} is {value}.', 'As for {label}: {value}.', 'Ask about {their} {label} and the answer is {value}.'] as const;

export const HINT_LINES = [
  'Anyone who spends time with {first} learns a few things: {hints}.', 'Some details matter here: {hints}.', 'Worth saying plainly: {hints}.',
  'Those close to {first} would add: {hints}.', 'It is also true that {first} is known for this: {hints}.',
] as const;

export const PLACE_LINES = [
  'Life {W} has shaped {them} more than {they} would admit.', '{first} knows every corner of {T}.', 'Few people {W} have seen as much as {first} has.',
  'The rhythms of {T} set the pace of {their} days.', '{first} rarely strays far from {T}.', 'There is a spot {W} that {first} thinks of as {their} own.',
] as const;

export const MEMORY_FRAMES = ['{first} still remembers {memory}.', 'Some nights {first} thinks about {memory}.', 'Nothing has erased {memory} from {their} mind.'] as const;
export const MEMORIES = [
  'a song {their} mother used to sing', 'the first wage {they} ever earned', 'a kindness from a stranger on a hard night', 'the face of someone who left and never came back',
  'the noise of a crowd {W}', 'the taste of a meal shared with old friends', 'a promise made in anger', 'the day the whole family was last together',
  'an argument that ended a friendship', 'the silence after bad news', 'a long walk home in the rain', 'the first time {they} felt truly afraid',
] as const;

export const DESIRE_LINES = ['Now {first} {wantS}.', 'These days {first} {wantS}.', 'More than anything, {first} {wantS}.', 'What drives {first} now is simple: {they} {wantP}.', 'Lately {first} {wantS}, though {they} rarely {says} so.'] as const;

export const CLOSINGS = [
  'Whether {they} will manage it is anyone’s guess.', 'Some days that seems within reach.', '{first} will not give up on it easily.', 'For now, the work comes first.',
  'The people {W} will be watching.', 'It may take years; {first} has patience for that.', 'Nobody who knows {first} would bet against it.', 'Until then, there is work to do.',
  '{first} has made peace with the odds.', 'Time will tell.', 'And if it fails, {first} will try again.', 'If it happens, it will happen {W}.',
] as const;

/** {W} for a term that reads as a named place ("Shinjuku", "northern Britain"). */
export const W_PROPER = ['in {T}', 'around {T}', 'across {T}', 'in and around {T}'] as const;
/** {W} for "the ..." terms ("the manor", "the docking ring"). */
export const W_THE = ['in {T}', 'around {T}', 'near {T}', 'close to {T}', 'not far from {T}', 'by {T}'] as const;
/** {W} for any other term ("cyberware", "rum"): phrasings that fit a thing as well as a place. */
export const W_THING = ['where {T} is part of everyday life', 'in a place shaped by {T}', 'among talk of {T}', 'with {T} never far away', 'in a world of {T}'] as const;
