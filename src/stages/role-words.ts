/**
 * Role words: does a designer's free-text hint name an occupation or role ("samurai",
 * "harpooner", "the lamplighters", "Nakasendo courier")? A lexicon of a few hundred occupation
 * and role nouns across eras and settings (mostly a data file, long on purpose), plus simple
 * morphology for compounds it does not list (-smith, -wright, -monger, -keeper, -maker,
 * -master, -herd, -man/-woman, -ist, -er), with deny lists for words that only look like roles
 * (optimist, smoker, tower, clever). Used by traits.ts to let such a hint set the occupation.
 *   roleFromHint('Lamplighters'); // 'lamplighter'      roleFromHint('one-eyed'); // null
 * Cost: a few Set look-ups and string operations per hint (~1 µs); no NLP library.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/** Occupation and role nouns, singular, lower case (hyphenated compounds as written). */
export const ROLE_WORDS = words(`
  abbess abbot accountant acolyte acrobat actor actress admiral advocate agent alchemist alewife ambassador anchorite
  apothecary apprentice archer architect archivist armorer armourer arbiter artisan artist ascetic
  assassin astrologer astronaut astronomer attendant auctioneer augur author aviator bailiff baker bandit bandleader
  banker barber bard bargeman barista barkeep barmaid baron bartender beadle beggar bellringer blacksmith boatswain
  bodyguard bookbinder bookkeeper bookseller botanist bouncer bowyer brakeman brewer brewster bricklayer brigand
  broker builder bureaucrat burglar busker butcher butler cabbie cadet caliph cameraman captain cardinal caravaneer
  carpenter cartographer carter cashier castellan catechist cavalryman centurion chamberlain chancellor chandler
  chaplain charioteer chef chemist chieftain chronicler clerk clergyman coachman coalminer cobbler collier colonel
  commander commissar concubine conductor conjurer constable consul cook cooper coroner corsair cosmonaut courier
  courtesan courtier cowboy cowhand crewman croupier curate curator cutpurse dancer deacon deckhand decurion
  dentist deputy detective diplomat director diver docker doctor doorman dragoman draper drifter driver drover
  drummer druid duelist dyer economist editor electrician embalmer emissary emir engineer engraver envoy equerry
  executioner explorer falconer farmer farmhand farrier ferryman fiddler fireman fisher fisherman fishwife fletcher
  florist foreman forester fortune-teller fowler friar fuller furrier gambler gamekeeper gardener geisha general
  geologist gladiator glassblower glazier goatherd goldsmith gondolier governess governor grocer groom guard guardsman
  guide gunner gunslinger gunsmith haberdasher hacker handmaid harbormaster harlot harpist harpooner hatter hawker
  headman healer helmsman herald herbalist herder hermit highwayman hireling historian homesteader hostler hunter
  hussar hydroponicist illuminator imam informant innkeeper inquisitor inspector interpreter inventor ironmonger
  janitor janissary jester jeweler jeweller jockey joiner journalist judge juggler jurist keeper knight laborer
  labourer lamplighter lancer landlady landlord laundress lawman lawyer lector legionary legionnaire librarian
  lieutenant lighthouse-keeper linguist locksmith logger longshoreman lumberjack luthier magistrate magus mahout
  maid maidservant major mandarin marine mariner marksman marshal mason matron mayor mechanic medic mercenary
  mercer merchant messenger metalsmith midwife miller miner minister minstrel missionary moneylender monk mortician
  muleteer musician musketeer navigator netmaker newsboy notary novice nun nurse oarsman officer operator oracle
  orderly outlaw overseer page painter palanquin-bearer pardoner parson pastor pawnbroker peddler pedlar pharmacist
  philosopher photographer physician pianist pickpocket pilgrim pilot pioneer piper pirate playwright ploughman
  plowman poacher poet policeman politician porter postman potter preacher prefect priest priestess prince princess
  printer prior prioress privateer procurator programmer prophet prospector prostitute provost publican puppeteer
  purser quartermaster queen rabbi rancher ranger reeve refiner regent reporter researcher retainer rigger 
  rickshaw-puller ronin rower runner saddler sailor saint samurai sawyer scavenger scholar schoolmaster schoolteacher
  scientist scout scribe sculptor seamstress seer senator sentinel sentry sergeant servant sexton shaman shepherd
  shepherdess sheriff shipwright shogun shopkeeper shrine-keeper silversmith singer skald skipper slaver smith
  smuggler soldier songwriter sorcerer sorceress spearman spy squire stableboy stablehand steersman stevedore
  steward stewardess stockman stonemason storyteller street-vendor student surgeon surveyor sutler swordsmith
  tailor tanner tavernkeeper taxman teacher technician teamster telegrapher teller thatcher thief tinker tinsmith
  tollkeeper torturer townsman tracker trader trapper traveler treasurer troubadour trucker trumpeter tutor
  undertaker usher valet vassal vendor veterinarian vicar vintner vizier waiter waitress warden warlock warlord
  warrior washerwoman watchman weaver welder wetnurse whaler wheelwright whittler witch wizard woodcutter woodsman
  wrangler wrestler writer yeoman zookeeper
  arbitrator bosun chanter clan-chief cryo-technician dockhand fixer gangster geneticist hydroponist jazzman mystic
  netrunner ninja nomad oiler patroller reclaimer salvager saxophonist shipbuilder smelter spacer tapster terraformer
  trombonist trumpeter vocalist waterseller bandsman guitarist bassist percussionist deejay dj impresario promoter
  vigilante raider ranchero vaquero caravanner cameleer camel-driver caravan-master bathkeeper calligrapher eunuch
  qadi mullah dervish khan noyan darogha munshi nawab begum subahdar mansabdar sepoy sowar jogi sadhu fakir ayah
  drillmaster ironworker riveter welder crane-operator roustabout roughneck driller dredger cartwright carrier
  warehouseman watchkeeper stoker coxswain harpoonist boatsteerer shantyman sailmaker ropemaker
  ice-miner hauler pumpwright water-merchant water-seller cistern-keeper skimmer
`);

/** Two- and three-word roles whose last word alone is not a role ("cabin boy", "wise woman"). */
const ROLE_PHRASES = words(`
  cabin-boy shoeshine-boy errand-boy stable-boy delivery-boy paper-boy tea-girl flower-girl shop-girl dairy-maid
  wise-woman medicine-woman cunning-woman holy-man wise-man medicine-man cunning-man hired-hand ranch-hand deck-hand
  bounty-hunter
`);

/** Words that end like a role but are not one (or are a quirk, kin, class or belief rather than a job). */
const NOT_ROLES = words(`
  human woman man german roman ottoman talisman caiman cayman doberman walkman superman snowman madman everyman
  gentleman gentlewoman nobleman noblewoman countryman countrywoman kinsman kinswoman clansman tribesman freeman
  freewoman bondsman bondswoman layman laywoman caveman chairman
  optimist pessimist realist idealist atheist theist deist pacifist nihilist racist sexist purist perfectionist
  extremist fundamentalist narcissist egoist egotist hedonist masochist sadist conformist nonconformist
  individualist moralist fatalist communist anarchist royalist loyalist nationalist separatist socialist capitalist
  monarchist abolitionist buddhist methodist baptist calvinist zionist modernist traditionalist feminist
  smoker drinker dreamer daydreamer loner stranger newcomer foreigner outsider beginner believer lover widower
  stutterer stammerer sleepwalker left-hander right-hander murderer killer prisoner sinner mother father brother
  sister daughter grandmother grandfather stepmother stepfather godfather godmother elder youngster teenager
  toddler member partner follower admirer
  water tower winter summer leather feather weather river finger shoulder danger anger hunger number paper letter
  matter manner dinner corner border order power flower shower tiger spider monster master super banner character
  chapter cluster computer container disaster encounter filter hammer helicopter ladder laser lever liver lumber
  marker meter oyster pepper poster powder quarter rubber saucer sweater thunder timber trailer trigger wonder
  whisker temper slumber hamster lobster blister charter cylinder diaper gender ginger ledger offer layer
  clever bitter sober proper eager slender sinister other older younger taller shorter stronger weaker
  richer poorer smarter kinder braver bolder wiser bigger smaller larger longer faster slower harder softer
  louder quieter darker lighter colder warmer hotter thinner fatter sadder madder redder wetter cleaner
  after never ever over under upper inner outer lower silver copper amber sober somber sombre
`);

/** Modifiers lower-cased with the role ("Master Brewer" -> "master brewer"). */
const MODIFIERS = words(`
  master head chief senior junior young old retired former ex royal imperial court village town city ship sea
  guild temple palace street night apprentice journeyman assistant deputy under high grand first second
`);

/** Roles a child or a youth holds (an apprentice may be 12); every other hint-set role is adult. */
const YOUNG_ROLES = words(`
  apprentice page squire cabin-boy stableboy stable-boy newsboy paper-boy errand-boy shoeshine-boy student pupil
  novice acolyte scholar runner messenger tea-girl flower-girl
`);

/** The youngest age a hint-set role allows: 10 for a youthful role ("cabin boy"), else 16. */
export function minimumAgeFor(role: string): number {
  const parts = role.toLowerCase().split(' ');
  const head = parts[parts.length - 1]!;
  const pair = parts.length >= 2 ? `${parts[parts.length - 2]}-${head}` : '';
  return YOUNG_ROLES.has(head) || YOUNG_ROLES.has(pair) ? 10 : 16;
}

/** Always-role endings (with the shortest stem they need) and conditional ones. */
const ROLE_SUFFIXES: readonly (readonly [string, number])[] = [
  ['smith', 2],
  ['wright', 3],
  ['monger', 3],
  ['keeper', 3],
  ['maker', 3],
  ['master', 3],
  ['herd', 3],
  ['woman', 3],
  ['man', 3],
];

/** "miners" -> "miner", "ferries" -> "ferry", "fishermen" -> "fisherman", "thieves" -> "thief"; one word. */
export function singularize(word: string): string {
  const w = word;
  if (w.length < 4) return w;
  if (/men$/i.test(w) && !/(?:omen|amen|specimen|abdomen)$/i.test(w)) return w.slice(0, -2) + 'an';
  if (/ies$/i.test(w)) return w.slice(0, -3) + 'y';
  if (/(?:wives)$/i.test(w)) return w.slice(0, -3) + 'fe';
  if (/(?:ieves|olves|alves|arves)$/i.test(w)) return w.slice(0, -3) + 'f';
  if (/(?:sses|xes|ches|shes|zzes)$/i.test(w)) return w.slice(0, -2);
  if (/(?:ss|us|is|ys)$/i.test(w)) return w;
  if (/s$/i.test(w)) return w.slice(0, -1);
  return w;
}

/** Lower case, single spaces, no leading article: "  The  Miners " -> "miners". */
export function normalizeHint(hint: string): string {
  return hint
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:a|an|the)\s+/i, '')
    .toLowerCase();
}

/** Singular of the last word (and of each hyphen-free word): matching form for option values. */
export function matchKey(text: string): string {
  const parts = normalizeHint(text).split(' ');
  parts[parts.length - 1] = singularize(parts[parts.length - 1]!);
  return parts.join(' ');
}

/** Does one lower-case, singular word name a role (listed, or by its ending)? */
export function isRoleWord(word: string): boolean {
  if (ROLE_WORDS.has(word)) return true;
  if (NOT_ROLES.has(word)) return false;
  const plain = word.replace(/-/g, '');
  if (ROLE_WORDS.has(plain)) return true;
  if (NOT_ROLES.has(plain) || !/^[a-z]+$/.test(plain)) return false;
  for (const [suffix, stem] of ROLE_SUFFIXES) if (plain.endsWith(suffix) && plain.length - suffix.length >= stem) return true;
  if (plain.endsWith('ist')) return plain.length >= 6;
  // -er: not a comparative or a -ier/-ther word (happier, leather); a stem of at least 3 letters.
  if (plain.endsWith('er')) return plain.length >= 5 && !/(?:ier|ther)$/.test(plain);
  return false;
}

/**
 * The occupation a hint names, as the occupation value (singular, lower case except proper
 * names the designer capitalised): "Samurai" -> "samurai", "the lamplighters" -> "lamplighter",
 * "Nakasendo courier" -> "Nakasendo courier", "one-eyed" -> null. At most 4 words; the last word
 * (or the last two, "cabin boy") must be a role.
 */
export function roleFromHint(hint: string): string | null {
  const text = hint
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:a|an|the)\s+/i, '');
  if (!text || /[:0-9,;.!?()]/.test(text)) return null;
  const original = text.split(' ');
  if (original.length > 4) return null;
  const lower = original.map((w) => w.toLowerCase());
  const head = singularize(lower[lower.length - 1]!);
  const pair = lower.length >= 2 ? `${lower[lower.length - 2]}-${head}` : '';
  if (!(ROLE_PHRASES.has(pair) || isRoleWord(head))) return null;
  const titleCase = (w: string) => /^[A-Z][a-z'-]*$/.test(w);
  const out = original.map((w, i) => {
    if (i === original.length - 1) return head;
    const l = lower[i]!;
    return titleCase(w) && (ROLE_WORDS.has(l) || MODIFIERS.has(l) || isRoleWord(l)) ? l : w;
  });
  return out.join(' ');
}
