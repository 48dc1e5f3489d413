/**
 * Authored fragments for procedural BIOS (a data file: long on purpose). Era-neutral: no
 * period vocabulary of its own; the world speaks through slots filled by text-render.ts.
 * Slots: {name} {first} {age} (the number) {ageOcc} ("a 34-year-old one-eyed ferryman")
 * {occNP} {aOccNP} (the occupation with the person's adjective hints) {P} (a world place
 * with its preposition: "on Crete") {thing} {inst} {instOne} {act} {res} {home} (the
 * description's own phrases by role) {msg} {msgs} {money} {tally} {light} (per tech level)
 * {faction} {faith} {temper} {marital} {class}; pronouns {they} {them} {their} {Their}
 * {theirs} {themselves} and [verbs] written in the third-person singular ("[keeps]",
 * "[is]") are fixed per gender at load. Pools ({habit} {want} {known} {rumour} {deed}
 * {owed} {item} {story}) are predicates whose first verb agrees with the name (use {habitP}
 * after a pronoun). Every hook names the person; FULL_HOOKS and IDS also give the age,
 * the occupation and a world phrase.
 *   import { HOOKS } from './fragments.js';
 * Cost: static strings, compiled once by text-template.ts at load.
 */

/** Sentence 1 when it names the person and the world only; an IDS line follows. */
export const HOOKS = [
  '{hearCap} is what you hear when you ask anyone {P} about {name}.',
  'Half the people {P} owe {name} {owedSmall}, and {first} keeps count.',
  '{name} is known {P} for {known}.',
  'They say {name} {rumour}.',
  'If {trouble} {P}, people ask {name} first.',
  '{name} is rarely seen without {item}.',
  'Say the name {name} {P} and people think of {known}.',
  'Watch {name} {doing} {P} and you learn {lesson}.',
  'There is a story {P} about {name} and {story}.',
  '{whoNot} quite remembers when {name} first turned up {P}, only that {they} {rumourP}.',
  '{troubleCap} {P} has a way of ending up at {name}’s door.',
  'What {name} wants most is {wantNP}.',
  'For {name}, {act} is less a trade than a whole life.',
  'Some in {inst} trust {name}; the rest keep a careful eye on {them}.',
  'Talk of {res} turns {name} {mood}.',
  'Sooner or later, anyone needing {errand} {P} ends up asking {name}.',
  'It was {name} who {deed}.',
  'Strangers {P} get sent to {name} for {errand}.',
  '{name} knows the price of {res} on any given day, and what it will be tomorrow.',
  'Haggling with {name} is a losing game {P}, especially over {errand}.',
  'Something about {name} makes people tell {them} {truthKind}.',
  'By the time most people {P} are up, {name} {habit}.',
  '{When}, {name} is probably {doing} somewhere {P}.',
  'Not much {happensKind} {P} without {name} hearing of it.',
  '{name} is owed {owed}, and has not forgotten.',
  'You can usually find {name} {P}, {doing}.',
  'Look for {name} {P}: {they} [is] the one {doing}.',
  '{answerCap} is all you get if you ask {name} about {inst}.',
  'Years around {inst} have taught {name} {lesson2}.',
  'Whatever the quarrel over {res}, {name} {habit}.',
  'That {name} {habit} is a running joke {P}.',
  'Call {name} {epithet} and you will get no argument {P}.',
  'Mention {name} {P} and someone will tell you how {they} once {deed}.',
  'The one thing {agreers} {P} will agree on about {name} is that {they} {habitP}.',
  'Nobody works harder {P} than {name}, or {complains}.',
  'To most people {P}, {name} is {epithet}.',
  'People {P} trust {name} with {trustWith}.',
  'Whenever there is a dispute over {res}, someone fetches {name}, who {habit}.',
  'A good word from {name} still opens doors in {inst}, {when}.',
  'The children {P} follow {name} around, {when}.',
  'Nobody has ever seen {name} {neverSeen}, though many have tried.',
  '{name} keeps a {light} burning later than anyone {P}, {reasonKind}.',
  'The year {name} {deed} is still talked about {P}.',
  '{name} is {epithet}, or so everyone {P} says.',
  'Newcomers {P} learn {name}’s name within a day, usually because {they} {habitP}.',
  'Most of what happens in {act} passes under {name}’s eye, {when}.',
  'Rumour {P} has it that {name} {rumour}.',
  'Who really keeps {home} {going}? Ask around and sooner or later you hear of {name}, {epithet}.',
  'Who settles {quarrelKind} {P}? More often than not, {name}, {epithet}.',
  'Where does {name} go {whenQ}? Nobody {P} has ever found out.',
  'Need {errand} {P}? People send for {name}, {epithet}.',
  'Few people mix with {inst} as easily as {name}, {epithet}.',
  '{name} never forgets {forgetKind}.',
  '{name} would rather be {doing} than talking about it.',
  'On a bad day, {name} {habit}; on a good one, {first} {habitTwo}.',
  'Anyone who has crossed {name} {P} remembers it, {when}.',
  'Old hands in {act} still ask {name} about {errand}.',
  '{name} came to {act} late and has been {catchingUp} ever since.',
  'Ask {name} for {errand} and you will get it, along with {extraKind}.',
  'If you hear laughter {P} {when}, it is probably {name}.',
  'If anyone {P} is going to {likely}, it is {name}.',
  'Stories about {name} are everywhere {P}, and most of them involve {story}.',
  '{name} has outlasted {outlasted} {P}.',
  'Say what you like about {name}: {they} {habitP}.',
  'In {inst}, the name {name} means {meaning}.',
  'Ten minutes with {name} and you will know {knowKind}.',
  '{name} talks about {act} the way others talk about family.',
  'The quarrel over {res} has cost {name} {cost}.',
  '{noticeCap} is the first thing people {P} notice about {name}.',
  'Hardly a day passes without someone {askingKind} {name} {P}.',
  'If {name} ever leaves {place}, {consequence}.',
  'What {name} does all day is {mysteryKind} {P}.',
  'A promise from {name} is worth {worth}.',
  '{name} once {deed}, and nobody {P} has let {them} forget it.',
  'Two things are certain about {name}: {they} {habitP}, and {they} {wantP}.',
  'Few secrets {P} stay hidden from {name} for long, {when}.',
  'It seems everyone {P} owes {name} something, {owedSmall} at least.',
  '{name} keeps {their} word, {their} counsel and {keepKind}.',
  'Not many people {P} get the better of {name}, {epithet}.',
  '{name} is never far from {nearKind} {P}.',
  'Whatever anyone {P} says, {name} still {habit}.',
  'Only a fool {P} underestimates {name}, {epithet}.',
  'On the face of it, {name} is nobody special {P}; in truth, {they} {habitP}.',
  'Cross {name} once and you will hear about it {when}.',
  'Ask the children {P} about {name} and they will call {them} {epithet}.',
] as const;

/** Lead-ins for hooks that open on the name ("By all accounts, Ada ..."): more shapes, same sentence. */
export const LEADS = [
  'By all accounts, ', 'As far as anyone can tell, ', 'These days, ', 'For better or worse, ', 'Like it or not, ', 'To nobody’s surprise, ', 'Year after year, ',
  'Everyone agrees that ', 'Some say ', 'It is said that ', 'Word has it that ', 'Truth be told, ', 'In fairness, ', 'Most would agree that ', 'Apparently, ',
  'Whatever else is true, ', 'Sure enough, ', 'Oddly enough, ', 'Of course, ', 'As it happens, ', 'Strangely, ', 'Plainly, ', 'To hear the neighbours tell it, ',
  'If the gossip is right, ',
] as const;

/** Pools that give hooks their many shapes. */
export const HOOK_POOLS = {
  storyKind: ['a different story each time', 'at least one story that cannot be true', 'more praise than complaint', 'a warning and a recommendation in the same breath', 'very little, said very carefully', 'a story about a debt'],
  trouble: ['something goes missing', 'a quarrel gets out of hand', 'someone new turns up', 'a deal goes wrong', 'a child goes astray', 'a rumour starts'],
  lesson: ['what patience looks like', 'why nobody rushes {them}', 'how little talk good work needs', 'that speed is not everything', 'how much can go wrong and be fixed'],
  lesson2: ['to say little and notice everything', 'never to sign anything twice', 'to trust slowly', 'to keep {their} own counsel', 'when to stay out of sight'],
  mood: ['quiet and watchful', 'sharp', 'loud', 'thoughtful', 'restless', 'unusually careful'],
  errand: ['advice', 'a favour', 'a straight answer', 'help with a quarrel', 'news', 'a second opinion', 'a loan', 'something done quietly'],
  when: ['sooner or later', 'more often than not', 'as a rule', 'without fail', 'now and then', 'every so often', 'one way or another'],
  When: ['Most evenings', 'On quiet days', 'At the end of each day', 'Whenever there is trouble', 'On the worst days', 'When nobody is looking', 'Early each day'],
  truthKind: ['the truth', 'their secrets', 'things they should keep to themselves', 'more than they meant to'],
  answerKind: ['a long silence', 'a short answer and a hard look', 'an hour of stories', 'a warning', 'a laugh and nothing else'],
  complains: ['complains more about it', 'sleeps less', 'asks for less in return', 'hides it better'],
  epithet: ['a soft touch', 'trouble', 'the best listener around', 'too clever by half', 'a fixer', 'a good friend to have', 'a bad enemy to make', 'the last honest soul around', 'a walking memory', 'the first to help and the last to leave', 'a puzzle', 'stubborn as stone', 'the one who knows everyone'],
  trustWith: ['{msgs} they would not trust to family', 'their savings', 'their children', 'their secrets', 'the keys to everything', 'the truth'],
  neverSeen: ['lose {their} temper', 'hurry', 'back down', 'turn away someone hungry', 'sit still for long', 'admit a mistake'],
  reasonKind: ['and nobody knows why', 'for reasons {they} [keeps] private', 'working on something', 'waiting for someone', 'writing {msgs}'],
  forgetKind: ['a face, a debt or a slight', 'a kindness', 'a name', 'a promise', 'an insult, however small'],
  extraKind: ['a lecture', 'a story', 'a bill', 'advice nobody asked for', 'a warning'],
  likely: ['help a stranger', 'start a quarrel', 'finish one', 'know the answer', 'be up before everyone', 'keep a secret'],
  outlasted: ['three rivals and two partners', 'every one of {their} critics', 'more hard years than most', 'a dozen schemes to replace {them}'],
  meaning: ['something', 'trouble', 'a debt', 'a favour owed', 'work done properly'],
  knowKind: ['everything {they} [thinks] of you', 'nothing at all about {them}', 'half the gossip around', 'why people like {them}'],
  owedSmall: ['a favour', 'a kindness', 'an apology', 'a meal or two', 'a debt', 'a straight answer'],
  catchingUp: ['making up for it', 'learning fast', 'proving the doubters wrong', 'working twice as hard'],
  noticeKind: ['the laugh', 'the hands', 'the silence', 'the stare', 'the voice', 'how little {they} [misses]', 'how tired {they} [looks]', 'the patience'],
  consequence: ['half the gossip will leave too', 'nobody will know where anything is', 'a lot of debts will go unpaid', 'the quarrels will never end', 'more than a few people will be relieved'],
  butKind: ['but everyone agrees it matters', 'though everyone has a guess', 'and {they} [likes] it that way', 'but nothing gets done without {them}'],
  worth: ['more than most', 'exactly what it costs', 'very little, some say', 'a great deal', 'more than {money}'],
  keepKind: ['a long memory', 'a spare meal for anyone', 'the peace, mostly', 'a list of grudges', 'every {msg} ever received'],
  nearKind: ['an argument', 'a joke', 'a crowd', 'work', 'trouble', 'a friend', 'gossip'],
  quarrelKind: ['the worst quarrels', 'disputes between neighbours', 'the debts nobody else can collect', 'family feuds', 'arguments over shares', 'quarrels between old friends'],
  going: ['going', 'fed', 'honest', 'talking', 'in line', 'together'],
  whenQ: ['every evening', 'at the end of each day', 'when the work is done', 'on quiet days', 'when nobody is looking', 'once a month'],
  howLong: ['as long as most can remember', 'longer than anyone expected', 'half {their} life', 'more years than {they} [admits]', 'most of {their} life', 'a good many years'],
  stillKind: ['stubborn about it', 'none the slower', 'still learning', 'still restless', 'proud of it', 'tired of it', 'in no mood to retire'],
  outlastKind: ['outlasted most', 'proved them wrong', 'outlived the doubters', 'stopped counting the years'],
  superlative: ['the sharpest memory', 'the loudest laugh', 'the steadiest hands', 'the longest list of debtors', 'the worst temper', 'the kindest word for strangers', 'the most friends'],
  stopKind: ['in no hurry to stop', 'not about to change', 'better at it every year', 'still surprised by it', 'not done yet'],
  opinionKind: ['opinions on everything', 'a long memory', 'a short temper', 'friends everywhere', 'debts to collect', 'a story for every occasion'],
  longEnough: ['know every trick', 'see everything twice', 'stop being surprised', 'make a few enemies', 'have trained half the others', 'have seen the worst of it'],
  whoNot: ['Nobody', 'Hardly anyone', 'Not even the oldest neighbours', 'No one alive', 'Not a soul'],
  askingKind: ['asking for', 'looking for', 'complaining about', 'singing the praises of', 'cursing', 'quoting', 'asking after', 'arguing with'],
  agreers: ['everyone', 'friends and rivals', 'old and young', 'even the gossips', 'the whole neighbourhood', 'people'],
  suitsKind: ['suits', 'agrees with', 'has been kind to', 'has been hard on', 'has never bored', 'still surprises'],
  happensKind: ['happens', 'goes missing', 'gets said', 'changes hands', 'goes on', 'gets decided'],
  answerCap: ['A long silence', 'A short answer and a hard look', 'An hour of stories', 'A warning', 'A laugh', 'A shrug'],
  noticeCap: ['The laugh', 'The hands', 'The silence', 'The stare', 'The voice', 'The patience', 'The temper', 'The memory'],
  mysteryKind: ['a mystery', 'anyone’s guess', 'the subject of endless gossip', 'a closely kept secret', 'nobody’s business', 'a standing joke'],
  lookingKind: ['looking for', 'in need of', 'who asks for', 'hunting for', 'short of', 'who wants'],
  troubleCap: ['Trouble', 'Bad news', 'Every lost thing', 'Gossip', 'Most quarrels', 'Every stranger'],
  hearCap: ['A different story each time', 'At least one story that cannot be true', 'More praise than complaint', 'A warning and a recommendation in one breath', 'Very little, said very carefully', 'A story about a debt'],
  cost: ['a friend', 'more than {they} will say', 'years', 'a small fortune', 'sleep'],
} as const;

/** Sentence 1 carrying name, age, occupation and a world phrase at once: no IDS line needed. */
export const FULL_HOOKS = [
  'Anyone {lookingKind} {aOccNP} {P} ends up meeting {name}, {age} years old and {epithet}.',
  'When {trouble} {P}, the {occNP} everyone sends for is {name}, aged {age}.',
  'For {howLong}, {name} has been {aOccNP} {P}, and is {age} years old now.',
  'Every {occNP} {P} knows {name}, aged {age}, and most of them owe {them} {owedSmall}.',
  'Aged {age} and {stillKind}, {name} still works as {aOccNP} {P}.',
  'With {trustWith}, people {P} trust only {name}, {ageOcc}.',
  '{name} was never expected to last as {aOccNP} {P}; at {age} years old, {they} [has] {outlastKind}.',
  'Most {P} know {name} as {ageOcc} who {habit}.',
  'The {occNP} {P} with {superlative} is {name}, {age} years old.',
  'Life as {aOccNP} {P} {suitsKind} {name}, who is {age} years old and {stopKind}.',
  'Before anyone else {P} is stirring, {name}, {ageOcc}, is already {doing}.',
  'If you need {aOccNP} {P}, ask for {name}: {age} years old and {epithet}.',
  'Within {inst}, {name} is known as {ageOcc} who {habit}.',
  '{name}, {ageOcc} with {opinionKind}, is a familiar face in {act}.',
  'Known {P} as {epithet}, {name} is {ageOcc} who {habit}.',
  'Watching {name} {doing}, you would never guess this {occNP} {P} is {age} years old.',
  'At {age} years old, {name} has been {aOccNP} {P} long enough to {longEnough}.',
  '{name}, who {habit}, is {ageOcc} {P}.',
] as const;

/** Sentence 2 after a HOOKS line: age, occupation and a world phrase (the name is already given). */
export const IDS = [
  '{They} [is] {ageOcc} {P}.',
  'Aged {age}, {they} [works] as {aOccNP} {P}.',
  '{first} is {ageOcc}, and {P} that counts for something.',
  'A {occNP} by trade, {first} is {age} years old and has spent most of it {P}.',
  '{first} makes a living {P} as {aOccNP}, aged {age}.',
  'The work of {aOccNP} keeps {first}, {age} years old, busy {P}.',
  '{They} [has] worked {P} as {aOccNP} for years and [is] {age} years old now.',
  '{first} is {age} years old and works {P} as {aOccNP}.',
  'By trade {first} is {aOccNP} {P}; by age, {age} years old; by reputation, {temperOr}.',
  '{ageOcc} {P}, {first} {habit}.',
  'As {aOccNP} {P}, {first}, aged {age}, {habit}.',
  '{first}, {ageOcc}, has {place} in {their} bones.',
  'Aged {age}, {first} works as {aOccNP} and knows {place} better than most.',
  'These days {first} is {ageOcc}, working {P}.',
  '{They} [is] {age} years old, {aOccNP}, and well known {P}.',
  'Still {aOccNP} at {age} years old, {first} has no plans to stop working {P}.',
  '{first} is {ageOcc} {P} with dealings in {inst}.',
  'Work as {aOccNP} brings {first}, aged {age}, into everything to do with {res}.',
  '{first}, {age} years old, is {aOccNP} and a regular {P}.',
  'The {occNP} is {age} years old now and has seen a lot of {act}.',
] as const;

/** Optional sentence 3: character, wants, loyalties (no name needed; {first} or a pronoun). */
export const EXTRAS = [
  '{first} {habit} and {want}.',
  'Privately, {first} {want}.',
  '{They} [stands] with {faction} when it matters.',
  '{temperCap} by nature, {first} {want}.',
  'Those who know {first} say {they} {habitP}.',
  'Few know that {first} {want}.',
  '{first} makes no secret of standing with {faction}.',
  'Underneath it all, {first} {want}.',
  'Lately {first} {want}, though {they} rarely [says] so.',
  '{first} is {temper}, and it shows.',
  'More than anything, {first} {want}.',
  '{first} {habit}; everyone knows it.',
  'Quietly, {first} {want}.',
  'People call {first} {temper}, and {first} does not argue.',
  'Neighbours say {first} {habit}.',
  '{They} [keeps] {faith} close, in {their} own way.',
  'At home {first} is {marital}, and rarely talks about it.',
  'Ask {first} what comes next and {they} will tell you: {they} {wantP}.',
] as const;

/** Bare predicates with the first verb in the third-person singular (text-template.ts agrees them). */
export const HABITS = [
  'keeps a {tally} of every favour owed', 'hums while working', 'never forgets a face', 'distrusts strangers until they prove themselves',
  'saves every spare bit of {money} for a plan nobody knows', 'is up before anyone else', 'collects stories from travellers', 'mends things other people throw away',
  'settles arguments with a joke', 'carries a small charm for luck', 'bargains over everything, even gifts', 'walks the long way home to think',
  'feeds anyone who turns up hungry', 'sends {msgs} that are never answered', 'sleeps lightly and wakes at any sound', 'tells the same three stories at every gathering',
  'keeps secrets better than anyone', 'gambles a little more than is wise', 'looks after a younger cousin', 'refuses to haggle on principle',
  'counts things when nervous', 'knows every shortcut and back way', 'brings small gifts to the sick', 'fixes tools and quarrels alike',
  'argues about everything and means none of it', 'guards a family heirloom closely', 'cooks for far more people than live at home', 'hides an old injury',
  'quotes sayings nobody else has heard', 'shies away from crowds', 'never turns down a wager', 'keeps careful lists of everything',
  'sings badly and often', 'remembers the birthdays of half the neighbours', 'lends {money} to the wrong people', 'has an opinion on every neighbour',
  'speaks little and listens a great deal', 'keeps strange hours', 'trades gossip like {money}', 'apologises too often',
  'holds grudges for years', 'forgives too easily', 'drifts into daydreams mid-conversation', 'knows the name of every child nearby',
  'volunteers for the jobs nobody wants', 'mistrusts anyone in authority', 'has a soft spot for troublemakers', 'hoards odd keepsakes',
  'dresses better than the work requires', 'gives away more than {they} can spare', 'laughs at {their} own jokes first', 'checks every door twice',
] as const;

/** Wants, as predicates (first verb singular). */
export const WANTS = [
  'wants to win back a lost family name', 'means to settle an old score', 'hopes to take on an apprentice soon', 'wants to be remembered for something good',
  'intends to pay off every debt within the year', 'hopes to find a missing sibling', 'dreams of running something of {their} own', 'wants to prove the doubters wrong',
  'hopes to make peace with an estranged parent', 'wants to earn enough to stop working', 'longs to be trusted with something important', 'plans to expose an old wrong',
  'hopes to keep the family together', 'wants justice for an old crime', 'dreams of fame, in a small way', 'intends to outlive every rival',
  'wants to master the work completely', 'means to find out who really runs things', 'hopes to win a certain person’s respect', 'wants to repay a kindness from years ago',
  'longs for the way things used to be', 'wants to protect the people nearby', 'means to keep a promise made long ago', 'hopes for a second chance',
  'wants to be left alone, mostly', 'hopes to learn what happened to a lost friend', 'wants to leave something worth keeping', 'intends to rise higher than anyone expects',
  'hopes to see an old feud ended', 'wants to build something that lasts', 'is planning a journey nobody knows about', 'hopes to be forgiven',
] as const;

/** Noun phrases: what someone wants most. */
export const WANT_NPS = [
  'a quiet life, and {they} [is] not getting one', 'a second chance', 'to be taken seriously', 'an apology that is years overdue', 'to see {their} children settled',
  'the respect of one particular person', 'enough {money} to stop worrying', 'the truth about an old quarrel', 'a place of {their} own', 'one good year',
] as const;

/** Gerunds: what someone is known for. */
export const KNOWN = [
  'never forgetting a face', 'settling quarrels with a joke', 'driving a hard bargain', 'feeding anyone who turns up hungry', 'keeping secrets',
  'saying exactly what {they} [thinks]', 'turning up when least expected', 'fixing what others give up on', 'remembering every debt', 'a temper that flares and fades',
  'patience that seems to have no end', 'knowing everyone’s business', 'a laugh you can hear from far off', 'never quite answering a question', 'working through any hardship',
] as const;

/** Gerunds: what someone is doing when you find them. */
export const DOING = [
  'deep in an argument', 'mending something', 'listening more than talking', 'counting under {their} breath', 'sharing out food',
  'telling a story nobody asked for', 'settling someone else’s quarrel', 'writing in a battered {tally}', 'watching the comings and goings', 'haggling',
] as const;

/** Rumours: predicates (first verb singular). */
export const RUMOURS = [
  'once turned down a fortune', 'has a second family somewhere', 'knows where a great deal of {money} is hidden', 'was someone else entirely before arriving {P}',
  'never sleeps more than a few hours', 'once lost everything on a single wager', 'is owed a favour by someone powerful', 'keeps a list of everyone who has crossed {them}',
  'could have married far above {their} station', 'still writes {msgs} to someone long gone', 'once saved a rival’s life', 'started out with nothing but a borrowed name',
] as const;

/** Deeds: past-tense predicates. */
export const DEEDS = [
  'talked two feuding families out of a fight', 'found a lost child when everyone else had given up', 'took the blame for someone else’s mistake',
  'kept a whole household fed through a bad year', 'turned down a bribe that would have set {them} up for life', 'walked away from a fortune without a word',
  'stood up to the powerful and lived to tell of it', 'nursed half the neighbours through a sickness', 'caught a thief with nothing but patience',
  'paid off a stranger’s debt and never asked for it back',
] as const;

/** What someone is owed. */
export const OWED = [
  'a small fortune', 'an apology from half the neighbours', 'three favours and a {msg}', 'a debt from an old friend', 'a favour by someone powerful',
  'the truth about an old quarrel', 'more than {they} will ever collect', 'a promise made long ago',
] as const;

/** What someone is never seen without. */
export const ITEMS = [
  'a frown', 'a crooked smile', 'a small charm for luck', 'something to eat', 'company', 'an opinion', 'a joke ready', 'a pouch of odds and ends',
  'something to mend', 'a story half told', 'a {tally} of debts',
] as const;

/** What a story is about. */
export const STORIES = [
  'a debt nobody else would pay', 'a door that was left open', 'a promise kept too well', 'a stranger who never came back', 'a wager that went badly',
  'a {msg} that arrived too late', 'a quarrel that has lasted for years', 'a favour that is still owed',
] as const;
