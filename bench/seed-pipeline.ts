/**
 * The Dria persona factory's pipeline (the pipeline this project is measured against; "the
 * seed" below) ported for the cost benchmark, so every cost and latency figure is a ratio to
 * it, measured against the same loopback server in the same run.
 *   server.configure({ replies: seedReply });   // how a model answers the seed's prompts
 *   const run = await runSeedPipeline({ baseURL: server.url, description, count: 200 });
 * What it does, as the seed's `DatasetGenerator` runs `PersonaBio = [RandomVars, ShortBio]`
 * and then `PersonaBackstory = [RandomVars, BackStory]` for one instruction of N samples
 * (firstbatchxyz/dria-sdk: dria/factory/persona/{random_vars,short_bio,backstory}/task.py,
 * dria/datasets/generator.py): one random-variables call (max 800 tokens) whose JSON list is
 * sampled N times, independently and uniformly, into "description: value" trait lines; then
 * one bio call per persona (max 750 tokens, the reply is the bio); then the same for the
 * backstory run with its own random-variables call and separately sampled traits; one
 * backstory call per persona (max 750 tokens; {"backstory"} read with json_repair, else the raw reply). The
 * generator runs the steps one after another, each step's calls in parallel: here through a
 * p-queue with the engine's concurrency. So per persona 2 + 2/N calls (2.25 at N = 8).
 * The older PersonaPipeline's validate step (random_variables/validate.md) is not part of
 * these singletons and is not run. No check, no repair: a broken reply is kept as it came
 * (counted), a failed call drops the persona (counted). 429s are retried by the openai SDK
 * (default maxRetries 2, honouring retry-after-ms). A random-variables reply that yields no
 * usable variables would fail the seed's whole instruction; here it is asked again (counted),
 * as a user re-running the instruction would.
 * Prompts: written in our own words (the seed's text stays out of this repository) with the
 * seed's structure, inputs and size. Seed sizes before inputs, o200k tokens: random_vars
 * prompt.md 1,074, short_bio prompt.md 433, backstory prompt.md 514 (counted once on the
 * dria-sdk prompt files named above, whose text is not in this repository);
 * ours, measured with seedPromptTokens() (the bench prints both): 1,075 / 432 / 517.
 * Trait lines are sent one per line (how Dria renders a list input is not documented).
 * Cost: 2N + 2 HTTP calls; the replies hook builds a few string templates per request.
 */
import { encode } from 'gpt-tokenizer/model/gpt-4o';
import { jsonrepair } from 'jsonrepair';
import OpenAI from 'openai';
import PQueue from 'p-queue';
import { type Rand, seededRandom } from '../src/core/random.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { backstoryText, bioText, type PromptPerson } from '../src/testing/auto-replies.js';
import type { AutoReply, ReplyRequest } from '../src/testing/index.js';
import { pick, shuffleBy, wordCount } from '../src/testing/text-helpers.js';

const RANDOM_VARIABLES_PROMPT = `You are an assistant whose speciality is working out which random variables a simulation needs in order to generate its personas.

Study the setting given below and work out the random variables needed to produce varied and representative backstories that read like real lives, paying particular attention to the ways the variables depend on one another.

Input:
A description of the simulation that says what the personas are for (for example, a study of how satisfied shoppers are with a grocery chain), which data points will be produced (for example, interview transcripts), and any limits or requirements that apply (for example, the store visited, reasons for a complaint, age brackets, household make-up and spending habits).

Feedback:
A domain expert will read your answer and comment on how accurate and complete the variables are, whether their dependencies make sense, and whether the backstories built from them hang together.

Responsibilities:
- Read the simulation description closely and note every aspect of the personas it mentions or implies.
- Find the random variables: from the description, decide which variables must be defined so that plausible backstories can be generated. Together they should cover everything needed to write a coherent backstory for a persona who belongs in this simulation.
- Find the dependencies: note where one variable limits, or is otherwise related to, another.
- Choose a type for each variable: decide whether it is categorical, numerical or binary, according to what it measures and what the simulation needs.
- Give values and ranges: list every allowed value of a categorical variable, and give the range or the set of values of a numerical one.
- Write out the definitions: present every variable with its type, its values or range and a description, in the structured JSON format asked for below, so that other specialised agents can work with them.

The description may leave things out: use what you know to reason about the setting and fill in likely details creatively.

JSON output requirements:
- Return nothing but a JSON array wrapped in <JSON></JSON> tags, with no other text or explanation.
- name: the name of the variable.
- type: the kind of variable, one of [categorical, numerical, binary].
- description: what the variable is and the part it plays in the dataset.
- values: the values the variable may take.

Example output:
<JSON>
[
 {"name": "store_format", "type": "categorical", "description": "The kind of grocery store the shopper uses most often", "values": ["Supermarket", "Neighbourhood store", "Discount outlet", "Online delivery"]},
 {"name": "shopping_frequency", "type": "categorical", "description": "How often the shopper buys groceries", "values": ["Daily", "Several times a week", "Weekly", "Fortnightly"]},
 {"name": "household_type", "type": "categorical", "description": "The people the shopper buys groceries for", "values": ["Lives alone", "Couple", "Family with children", "Shared flat", "Several generations"]},
 {"name": "main_complaint", "type": "categorical", "description": "The problem the shopper mentions first when unhappy", "values": ["Prices", "Queues", "Empty shelves", "Unhelpful staff", "Produce not fresh"]},
 {"name": "payment_method", "type": "categorical", "description": "How the shopper usually pays at the till", "values": ["Cash", "Debit card", "Credit card", "Phone wallet"]},
 {"name": "dietary_needs", "type": "categorical", "description": "A diet that shapes what the shopper puts in the basket", "values": ["None", "Vegetarian", "Vegan", "Halal", "Gluten-free"]},
 {"name": "loyalty_member", "type": "binary", "description": "Whether the shopper holds the chain's loyalty card", "values": ["True", "False"]},
 {"name": "age", "type": "numerical", "description": "The age of the shopper in years", "values": {"min": 18, "max": 90}},
 {"name": "weekly_spend", "type": "numerical", "description": "Money the shopper spends on groceries in a usual week, in pounds", "values": {"min": 15, "max": 400}},
 {"name": "distance_to_store", "type": "numerical", "description": "How far the shopper lives from the usual store, in kilometres", "values": {"min": 0, "max": 30}},
 {"name": "years_as_customer", "type": "numerical", "description": "How many years the shopper has used the chain", "values": {"min": 0, "max": 40}},
 {"name": "household_income", "type": "numerical", "description": "The household's yearly income before tax, in thousands of pounds", "values": {"min": 8, "max": 250}}
]
</JSON>

<simulation>
{{simulation_description}}
</simulation>

<feedback>{{is_valid}}</feedback> Write no comments (such as //), only the output. Every variable needs at least one value, and no field may be left empty.`;

const ROLE_INPUT = `A set of persona traits that define the character's key characteristics.
- A detailed description of the simulation, giving its context and environment.`;

/** The seed's bio prompt repeats its backstory prompt's responsibilities (it too asks for a "detailed backstory"). */
const SHARED_RESPONSIBILITIES = `- Read the persona traits and the simulation description carefully and make sure you understand them.
- Write a detailed backstory that weaves every one of the given traits in naturally.
- Make sure the backstory fits, and makes sense within, the setting the simulation describes.
- Tell how the character came by these traits and reached the situation they are in now.
- Mention the key life events, relationships and experiences that formed the character's personality and outlook.
- Be inventive and original while staying consistent with everything you were given.`;

const BIO_PROMPT = `Role:
You are an assistant that specialises in writing a short, one-sentence bio for a simulation persona.
Your job is to write an inventive and coherent bio from the persona traits and the simulation description you are given.
The bio will be shown next to the persona wherever it appears in the simulation, so it has to introduce the character on its own, without the reader having seen the traits.

Input:
- ${ROLE_INPUT}

Responsibilities:
${SHARED_RESPONSIBILITIES}
- Keep a balance between detail and brevity: the bio is a single sentence, long enough to carry every trait that matters and short enough to read at a glance.

Output requirements:
- Reply with the bio sentence alone, written in the third person.
- Give the character a name that suits the setting, and mention their age and the work they do for a living.
- Add no headings, labels, notes, quotation marks, lists or any other text before or after the sentence.

Example output:
Marta Ilves, a 41-year-old widowed night-shift nurse in a flooded harbour city of canals and rusting cranes, keeps her late father's fishing boat afloat with overtime pay, trades spare medicine for fresh fish with the dockworkers who trust her more than the clinic, and quietly organises the ward's first union while raising two teenage sons on her own, saving every spare coin for the day she can move them to higher ground, away from the storms that took their grandfather.

<persona_traits>
{{persona_traits}}
</persona_traits>

<simulation_description>
{{simulation_description}}
</simulation_description>`;

const BACKSTORY_PROMPT = `Role:
You are an assistant that specialises in writing detailed and engaging backstories for simulation personas.
Your job is to write an inventive and coherent backstory from the persona traits and the simulation description you are given.

Input:
- ${ROLE_INPUT}

Responsibilities:
${SHARED_RESPONSIBILITIES}
- Keep a balance between detail and brevity, aiming at a backstory of 150 to 250 words that a reader can take in within a minute or so.
- Let the traits show through events and choices rather than listing them one after another.

Output requirements:
- Reply with a JSON object whose only key is 'backstory', holding the backstory you wrote.
- Write the backstory in the third person.
- Put no text, notes or formatting outside the JSON object.

Example output:
{"backstory": "Priya Raman grew up above her parents' spice shop in a busy river port, where she learned arithmetic by weighing cardamom and learned people by listening to the traders who haggled over it. When floods ruined the shop in her fifteenth year, she took work on the ferries to keep the family fed, and the long crossings gave her time to read every engineering manual the captain kept on board. A scholarship followed, then a degree in civil engineering, earned while she sent half of every pay packet home. She now leads a small team that designs flood barriers for the same port, and her knowledge of the river's moods, gathered on the ferries, makes her plans trusted by engineers and boatmen alike. She never married, saying the river keeps her busy enough, but she is godmother to half the children on her street and pays the school fees of two of them. On Sundays she still minds the rebuilt spice shop so that her parents can rest. Friends call her stubborn and generous in equal measure; rivals admit she is rarely wrong about water."}

<persona_traits>
{{persona_traits}}
</persona_traits>

<simulation_description>
{{simulation_description}}
</simulation_description>`;

/** The seed's three prompt templates (ours), with their placeholders. */
export const SEED_PROMPTS = { randomVariables: RANDOM_VARIABLES_PROMPT, bio: BIO_PROMPT, backstory: BACKSTORY_PROMPT } as const;
/** The seed's prompt sizes before inputs (o200k tokens), from its prompt files. */
export const SEED_REFERENCE_TOKENS = { randomVariables: 1074, bio: 433, backstory: 514 } as const;
/** max_tokens per step, from the seed's task.py files. */
const MAX_TOKENS = { randomVariables: 800, bio: 750, backstory: 750 } as const;

/** Our templates' sizes before inputs (placeholders removed), o200k tokens. */
export function seedPromptTokens(): Record<keyof typeof SEED_PROMPTS, number> {
  const size = (t: string) => encode(t.replace(/\{\{\w+\}\}/g, '')).length;
  return { randomVariables: size(RANDOM_VARIABLES_PROMPT), bio: size(BIO_PROMPT), backstory: size(BACKSTORY_PROMPT) };
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** A variable as the seed's random-variables step returns it. */
export interface SeedVariable {
  name: string;
  type: 'categorical' | 'numerical' | 'binary';
  description: string;
  values: string[] | { min: number; max: number };
}

/** The seed's sampling (persona/utils.py sample_variable): uniform, independent, no dependencies. */
function sampleTraits(vars: readonly SeedVariable[], rand: Rand): string[] {
  return vars.map((v) => {
    let value: string;
    if (Array.isArray(v.values))
      value = v.type === 'binary' ? (rand() < 0.5 ? 'True' : 'False') : String(v.values[Math.floor(rand() * v.values.length)]);
    else value = String(Math.trunc(v.values.min + rand() * (v.values.max - v.values.min)));
    return `${v.description}: ${value}`.replace(/'/g, '');
  });
}

/** The seed parses with json_repair from the first bracket; a variable it cannot sample fails the instruction. */
function parseVariables(text: string): SeedVariable[] | null {
  const start = text.search(/[[{]/);
  if (start < 0) return null;
  const end = text.lastIndexOf(']');
  try {
    const value: unknown = JSON.parse(jsonrepair(text.slice(start, end > start ? end + 1 : undefined)));
    const list = Array.isArray(value) ? value : [];
    const ok = list.every(
      (v: Partial<SeedVariable> | null) =>
        v &&
        typeof v.description === 'string' &&
        v.values &&
        (Array.isArray(v.values) ? v.values.length > 0 : Number.isFinite(v.values.min) && Number.isFinite(v.values.max)),
    );
    return ok && list.length > 0 ? (list as SeedVariable[]) : null;
  } catch {
    return null;
  }
}

export interface SeedRunOptions {
  baseURL: string;
  description: string;
  /** Personas (the instruction's num_of_samples). */
  count: number;
  /** Calls in flight at once. Default: 4 (the engine's default provider concurrency). */
  concurrency?: number;
  /** Default: 'gpt-4o-mini'. */
  model?: string;
  /** Seed of the trait sampling (the seed itself is unseeded). Default: 1. */
  seed?: number;
  /** The openai SDK's retries (429, 5xx, connection errors). Default: 2, the SDK's own default. */
  maxRetries?: number;
}

export interface SeedRunResult {
  personas: number;
  bios: Array<string | null>;
  backstories: Array<string | null>;
  /** Personas whose call failed after the SDK's retries (the seed drops them silently). */
  dropped: { bio: number; backstory: number };
  /** Random-variables calls asked again because their reply gave no usable variables. */
  randomVariablesRetries: number;
  /** Backstory replies json_repair could not read as {"backstory"}, kept as raw text (the seed's fallback). */
  backstoriesKeptRaw: number;
  /** Date.now() marks: start, every bio in, backstory run started, every backstory in. */
  timing: { startedAt: number; biosDoneAt: number; backstoryStartedAt: number; doneAt: number };
}

export async function runSeedPipeline(options: SeedRunOptions): Promise<SeedRunResult> {
  const { baseURL, description, count, concurrency = 4, model = 'gpt-4o-mini', seed = 1 } = options;
  const client = new OpenAI({ baseURL, apiKey: 'seed-bench', maxRetries: options.maxRetries ?? 2 });
  const queue = new PQueue({ concurrency });
  const rand = seededRandom(`seed-port|${seed}`);
  const ask = (content: string, maxTokens: number) =>
    queue.add(
      async () =>
        (await client.chat.completions.create({ model, messages: [{ role: 'user', content }], max_tokens: maxTokens })).choices[0]?.message
          .content ?? '',
      {
        throwOnTimeout: true,
      },
    );
  let randomVariablesRetries = 0;
  const randomVariables = async (): Promise<SeedVariable[]> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const reply = await ask(
        fill(RANDOM_VARIABLES_PROMPT, { simulation_description: description, is_valid: '' }),
        MAX_TOKENS.randomVariables,
      ).catch(() => '');
      const vars = parseVariables(reply);
      if (vars) return vars;
      randomVariablesRetries++;
    }
    throw new Error('seed port: the random-variables step gave no usable variables in 5 attempts');
  };
  const persona = (template: string, traits: string[], maxTokens: number) =>
    ask(fill(template, { persona_traits: traits.join('\n'), simulation_description: description }), maxTokens).catch(() => null);

  const startedAt = Date.now();
  const bioVars = await randomVariables();
  const bios = await Promise.all(Array.from({ length: count }, () => persona(BIO_PROMPT, sampleTraits(bioVars, rand), MAX_TOKENS.bio)));
  const biosDoneAt = Date.now();
  const backstoryStartedAt = Date.now();
  const storyVars = await randomVariables();
  let backstoriesKeptRaw = 0;
  const backstories = await Promise.all(
    Array.from({ length: count }, async () => {
      const raw = await persona(BACKSTORY_PROMPT, sampleTraits(storyVars, rand), MAX_TOKENS.backstory);
      if (raw === null) return null;
      // The seed's parse_json (factory/utilities) reads the reply with json_repair; when that fails it keeps the raw reply.
      try {
        const story = (JSON.parse(jsonrepair(raw)) as { backstory?: unknown }).backstory;
        if (typeof story === 'string') return story;
      } catch {
        // kept raw below
      }
      backstoriesKeptRaw++;
      return raw;
    }),
  );
  return {
    personas: count,
    bios: bios.map((b) => b?.trim() ?? null),
    backstories,
    dropped: { bio: bios.filter((b) => b === null).length, backstory: backstories.filter((b) => b === null).length },
    randomVariablesRetries,
    backstoriesKeptRaw,
    timing: { startedAt, biosDoneAt, backstoryStartedAt, doneAt: Date.now() },
  };
}

// ---- How a model answers the seed's prompts (the test server's `replies` hook) ----

/** Which seed step a request is, from the tags the seed's prompts carry; null for other prompts. */
export function seedStepOf(messages: ReadonlyArray<{ role: string; content: string }>): 'random-variables' | 'bio' | 'backstory' | null {
  const text = messages.at(-1)?.content ?? '';
  if (text.includes('</simulation>') && text.includes('<feedback>')) return 'random-variables';
  if (!text.includes('</persona_traits>') || !text.includes('</simulation_description>')) return null;
  return text.includes('{"backstory":') ? 'backstory' : 'bio';
}

const between = (text: string, tag: string) => {
  const start = text.lastIndexOf(`<${tag}>`);
  const end = text.lastIndexOf(`</${tag}>`);
  return start >= 0 && end > start ? text.slice(start + tag.length + 2, end).trim() : '';
};

const EXTRA_VARIABLES: SeedVariable[] = [
  {
    name: 'health',
    type: 'categorical',
    description: 'The general state of the persons health',
    values: ['Poor', 'Fair', 'Good', 'Excellent'],
  },
  {
    name: 'education',
    type: 'categorical',
    description: 'The schooling or training the person has had',
    values: ['None', 'Basic', 'Apprenticed', 'Well read', 'Formally educated'],
  },
  {
    name: 'household_size',
    type: 'numerical',
    description: 'The number of people living in the persons household',
    values: { min: 1, max: 10 },
  },
  {
    name: 'years_in_place',
    type: 'numerical',
    description: 'How many years the person has lived in this place',
    values: { min: 0, max: 60 },
  },
  {
    name: 'faith',
    type: 'categorical',
    description: 'How strongly the person holds to the local faith',
    values: ['Devout', 'Observant', 'Indifferent', 'Sceptical'],
  },
  { name: 'has_children', type: 'binary', description: 'Whether the person has children', values: ['True', 'False'] },
];

/** The variables a good model lists for `world`: the test server's profile, flattened the seed's way, plus a few more. */
export function seedVariablesFor(world: string): SeedVariable[] {
  const own: SeedVariable[] = autoProfile(world).variables.map((v) => {
    const description = `The persons ${v.name.replace(/_/g, ' ')}${v.kind === 'numeric' && v.unit ? ` in ${v.unit}` : ''}`;
    if (v.kind === 'numeric') return { name: v.name, type: 'numerical', description, values: { min: v.min, max: v.max } };
    if (v.kind === 'boolean') return { name: v.name, type: 'binary', description, values: ['True', 'False'] };
    return { name: v.name, type: 'categorical', description, values: v.options.map((o) => o.value) };
  });
  return [...own, ...EXTRA_VARIABLES];
}

const FIRST = [
  'Ada',
  'Bram',
  'Cora',
  'Davin',
  'Elsa',
  'Finn',
  'Greta',
  'Hugo',
  'Ines',
  'Jory',
  'Kaia',
  'Lorne',
  'Mira',
  'Nils',
  'Orla',
  'Pell',
];
const LAST = ['Ashdown', 'Brook', 'Carrow', 'Dunmore', 'Ellery', 'Fenwick', 'Garth', 'Holloway', 'Ivers', 'Kestrel', 'Lark', 'Marsh'];

function personFromTraits(lines: string[]): PromptPerson {
  const key = lines.join('|');
  const value = (re: RegExp) =>
    lines
      .find((l) => re.test(l.split(':')[0] ?? ''))
      ?.split(':')
      .slice(1)
      .join(':')
      .trim() ?? null;
  return {
    ref: '1',
    name: `${pick(FIRST, key, 'first')} ${pick(LAST, key, 'last')}`,
    age: value(/\bage\b/i),
    occupation: value(/occupation/i) ?? 'resident',
    hints: [],
  };
}

/**
 * The seed-shaped answer for a request, or null when it is not one of the seed's prompts:
 * random variables as `<JSON>[...]</JSON>`; a one-sentence bio of about 90 words (the length
 * of the seed's own example bios); a backstory as JSON {"backstory"} of 160-230 words, from
 * the same writer as the engine's backstories (both prompts ask for 150-250 words).
 */
export function seedReply(req: ReplyRequest): AutoReply | null {
  const step = seedStepOf(req.messages);
  if (!step) return null;
  const text = req.messages.at(-1)!.content;
  if (step === 'random-variables')
    return { text: `<JSON>\n${JSON.stringify(seedVariablesFor(between(text, 'simulation')), null, 1)}\n</JSON>` };
  const world = between(text, 'simulation_description');
  const lines = between(text, 'persona_traits').split('\n').filter(Boolean);
  const person = personFromTraits(lines);
  const terms = autoProfile(world).terms;
  if (step === 'backstory') return { text: JSON.stringify({ backstory: backstoryText(person, '', world, terms, req.contradict) }) };
  let bio = bioText(person, world, terms, req.contradict).replace(/[.!?]+\s*$/, '');
  for (const line of shuffleBy(lines, person.name, 'bio-traits')) {
    if (wordCount(bio) >= 85) break;
    const [what, ...rest] = line.split(':');
    const label = (what ?? '').replace(/^The persons /i, 'whose ').trim();
    bio += `, ${label.charAt(0).toLowerCase()}${label.slice(1)} is ${rest.join(':').trim().toLowerCase()}`;
  }
  return { text: `${bio}.` };
}
