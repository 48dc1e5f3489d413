/**
 * The offline world profile: recognise what kind of world a description is (medieval
 * village, fantasy realm, modern city, cyberpunk, space station, wild west, pirate port,
 * post-apocalyptic, or a generic fallback), then build that archetype's trait variables with
 * their dependencies, the naming culture and the world's terms (the description's own place
 * names first, then the city's or region's, then the archetype's). Pure: same description,
 * same profile.
 *   const profile = proceduralProfile('A medieval village in northern Britain');
 *   profile.nameCulture // 'medieval-british'; profile.terms[0] // 'northern Britain'
 * Cost: ~1.3 ms per call (keyword matching and one validateProfile); once per world.
 */
import { type Condition, type Profile, type Variable, validateProfile } from '../../core/profile-schema.js';
import { detectCulture, keywordRegExp } from '../../stages/names.js';
import { type Archetype, ARCHETYPES, CITY_TERMS, type Opt, REGION_TERMS, type When } from './archetypes.js';

const MAX_TERMS = 24;
const MAX_DESCRIPTION_TERMS = 6;

const SCORERS = ARCHETYPES.map((archetype) => ({
  archetype,
  keywords: archetype.keywords.map(([word, weight]) => ({ re: keywordRegExp([word]), weight })),
}));
const GENERIC = ARCHETYPES.find((a) => a.id === 'generic')!;
const CITY_PATTERNS = Object.entries(CITY_TERMS).map(([key, terms]) => ({ re: keywordRegExp([key]), terms }));
const REGION_PATTERNS = Object.entries(REGION_TERMS).map(([key, terms]) => ({ re: keywordRegExp([key]), terms }));

function has(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** The archetype whose keywords weigh most in the description (earlier in ARCHETYPES wins ties); generic when none match. */
export function detectArchetype(description: string): Archetype {
  const text = description.normalize('NFKC').toLowerCase();
  let best = GENERIC;
  let bestScore = 0;
  for (const { archetype, keywords } of SCORERS) {
    let score = 0;
    for (const k of keywords) if (has(k.re, text)) score += k.weight;
    if (score > bestScore) {
      best = archetype;
      bestScore = score;
    }
  }
  return best;
}

const STOP = new Set(['a', 'an', 'the', 'in', 'of', 'on', 'at', 'and', 'or', 'it', 'its', 'this', 'that', 'with', 'for', 'from', 'to', 'by', 'is', 'are', 'i', 'we', 'they', 'our', 'their', 'my', 'his', 'her', 'where', 'when', 'some', 'set', 'there', 'after', 'before']);
const CONNECTORS = new Set(['de', 'del', 'da', 'do', 'la', 'el', 'of', 'on', 'upon', 'le', 'du', 'van', 'von']);
const MODIFIERS = new Set(['northern', 'southern', 'eastern', 'western', 'old', 'new', 'upper', 'lower', 'central', 'greater', 'outer', 'inner', 'north', 'south', 'east', 'west']);
const SETTING_NOUNS = new Set([
  'village', 'town', 'city', 'port', 'harbour', 'harbor', 'station', 'colony', 'outpost', 'kingdom', 'realm', 'wasteland', 'frontier',
  'island', 'islands', 'valley', 'hamlet', 'manor', 'castle', 'abbey', 'fortress', 'market', 'settlement', 'metropolis', 'megacity',
  'ship', 'archipelago', 'desert', 'forest', 'mountains', 'coast', 'bazaar', 'slums', 'suburbs', 'capital', 'empire', 'oasis', 'mine',
]);

/** Places a description may open with ("Tokyo at night"), so a sentence-initial capital still counts. */
const KNOWN_PLACES = new Set([
  ...Object.keys(CITY_TERMS),
  ...['britain', 'england', 'northumbria', 'scotland', 'ireland', 'wales', 'scandinavia', 'japan', 'france', 'spain', 'italy', 'germany', 'russia', 'china', 'korea'],
  ...['india', 'egypt', 'nigeria', 'brazil', 'mexico', 'america', 'mars', 'venus', 'luna', 'europa', 'titan', 'ceres', 'rio', 'hong', 'los', 'san', 'buenos'],
]);
const trimPunct = (t: string) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const hasUpper = (t: string) => /\p{Lu}/u.test(t);

/**
 * The description's own words for places: runs of capitalised words ("New York", "Rio de
 * Janeiro", "neo-Tokyo") with a leading direction word ("northern Britain"), then setting
 * nouns it uses ("the village"). At most six, each at most 40 characters.
 */
export function descriptionTerms(description: string): string[] {
  const raw = description.normalize('NFKC').split(/\s+/).filter(Boolean);
  const tokens = raw.map(trimPunct);
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (term: string) => {
    const key = term.toLowerCase();
    if (term.length > 40 || seen.has(key)) return;
    seen.add(key);
    out.push(term);
  };
  const isProper = (t: string | undefined) => t !== undefined && hasUpper(t) && !STOP.has(t.toLowerCase());
  // A capital at the start of a sentence proves nothing ("Present-day London"), unless the
  // word is a known place or has a capital inside ("McAllen", "neo-Tokyo").
  const sentenceStart = (i: number) => i === 0 || /[.!?:;]$/.test(raw[i - 1]!);
  const provenProper = (i: number) =>
    isProper(tokens[i]) && (!sentenceStart(i) || KNOWN_PLACES.has(tokens[i]!.toLowerCase()) || KNOWN_PLACES.has(`${tokens[i]} ${tokens[i + 1]}`.toLowerCase()) || /.\p{Lu}/u.test(tokens[i]!));
  for (let i = 0; i < tokens.length; i++) {
    if (!provenProper(i)) continue;
    const run = [tokens[i]!];
    let j = i + 1;
    while (j < tokens.length && !sentenceStart(j)) {
      if (isProper(tokens[j])) run.push(tokens[j++]!);
      else if (CONNECTORS.has(tokens[j]!.toLowerCase()) && isProper(tokens[j + 1])) {
        run.push(tokens[j]!, tokens[j + 1]!);
        j += 2;
      } else break;
    }
    const before = i > 0 && !sentenceStart(i) ? tokens[i - 1]!.toLowerCase() : '';
    if (MODIFIERS.has(before)) run.unshift(tokens[i - 1]!);
    else if (before === 'the') run.unshift('the');
    add(run.join(' '));
    i = j - 1;
  }
  for (const t of tokens) if (SETTING_NOUNS.has(t.toLowerCase())) add(`the ${t.toLowerCase()}`);
  return out.slice(0, MAX_DESCRIPTION_TERMS);
}

function conditions(when: When | undefined, a: Archetype, groupClasses: readonly string[] | null = null): Condition[] | null {
  const out: Condition[] = [];
  const classes = when?.classes ?? groupClasses;
  if (when?.genders) out.push({ variable: 'gender', oneOf: [...when.genders], min: null, max: null });
  if (when?.extra && a.extra) out.push({ variable: a.extra.name, oneOf: [...when.extra], min: null, max: null });
  if (classes) out.push({ variable: a.classes.name, oneOf: [...classes], min: null, max: null });
  if (when?.minAge !== undefined || when?.maxAge !== undefined) out.push({ variable: 'age', oneOf: null, min: when?.minAge ?? null, max: when?.maxAge ?? null });
  return out.length ? out : null;
}

function categorical(name: string, options: readonly Opt[], a: Archetype): Variable {
  return { kind: 'categorical', name, options: options.map(([value, weight, when]) => ({ value, weight, when: conditions(when, a) })) };
}

function maritalStatus(a: Archetype): Variable {
  const m = a.marriage;
  const opts: Opt[] = [['single', 30], ['married', 45, { minAge: m.marriedMin }], ['widowed', 6, { minAge: 25 }]];
  if (m.betrothed) opts.push(['betrothed', 6, { minAge: Math.max(14, m.marriedMin - 2), maxAge: 35 }]);
  if (m.partnered) opts.push(['partnered', 12, { minAge: 18 }]);
  if (m.divorced) opts.push(['divorced', 6, { minAge: 24 }]);
  return categorical('marital_status', opts, a);
}

function variables(a: Archetype): Variable[] {
  const vars: Variable[] = [categorical('gender', a.genders, a)];
  if (a.extra) vars.push(categorical(a.extra.name, a.extra.options, a));
  const extra = a.extra;
  vars.push({
    kind: 'numeric',
    name: 'age',
    min: a.age.min,
    max: a.age.max,
    integer: true,
    unit: 'years',
    ranges: extra ? extra.ageRanges.map(([value, min, max]) => ({ min, max, when: [{ variable: extra.name, oneOf: [value], min: null, max: null }] })) : [],
  });
  vars.push(categorical(a.classes.name, a.classes.options, a));
  vars.push({
    kind: 'categorical',
    name: 'occupation',
    options: a.occupations.flatMap((g) => g.options.map(([value, weight, when]) => ({ value, weight, when: conditions(when, a, g.classes) }))),
  });
  vars.push(categorical('faction', a.faction, a));
  vars.push(categorical('faith', a.faith, a));
  vars.push(maritalStatus(a));
  vars.push(categorical('temperament', a.temperaments.map((t) => [t, 1] as const), a));
  vars.push({
    kind: 'boolean',
    name: a.flag.name,
    probability: a.flag.probability,
    overrides: a.flag.overrides.map(([probability, when]) => ({ probability, when: conditions(when, a) ?? [] })),
  });
  return vars;
}

function worldTerms(description: string, a: Archetype, own: readonly string[]): string[] {
  const text = description.normalize('NFKC').toLowerCase();
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (t: string) => {
    const key = t.toLowerCase();
    if (seen.has(key) || terms.length >= MAX_TERMS) return;
    seen.add(key);
    terms.push(t);
  };
  own.forEach(add);
  for (const { re, terms: local } of a.modernEra ? CITY_PATTERNS : REGION_PATTERNS) if (has(re, text)) local.forEach(add);
  a.terms.forEach(add);
  return terms;
}

/** A valid Profile for the description, built offline. Same description, same profile. */
export function proceduralProfile(description: string): Profile {
  const archetype = detectArchetype(description);
  const own = descriptionTerms(description);
  let culture = detectCulture(description, archetype.culture);
  if (archetype.id === 'medieval' && culture === 'english') culture = 'medieval-british';
  const place = own.find((t) => !t.startsWith('the ')) ?? archetype.place;
  return validateProfile({
    summary: archetype.summary.replace('{place}', () => place),
    nameCulture: culture,
    terms: worldTerms(description, archetype, own),
    variables: variables(archetype),
  });
}
