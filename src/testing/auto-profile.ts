/**
 * The loopback LLM test server's world profile: a valid Profile (core/profile-schema.ts) for
 * any description, with the dependencies a good model would write ("apprentice" only when
 * age max 25, "elder" only when age min 60, "widowed" only when age min 25, newcomers aged
 * 18-45). nameCulture comes from keywords: japan/tokyo -> japanese; medieval/britain/village ->
 * medieval-british; else english. terms are the description's own content words.
 *   validateProfile(autoProfile('A medieval fishing village')) // passes
 * Cost: builds one small object; no I/O.
 */
import type { Condition, NameCulture, Profile, Variable } from '../core/profile-schema.js';
import { worldWords } from './text-helpers.js';

const when = (variable: string, test: { oneOf?: string[]; min?: number; max?: number }): Condition => ({
  variable,
  oneOf: test.oneOf ?? null,
  min: test.min ?? null,
  max: test.max ?? null,
});

export function nameCultureFor(description: string): NameCulture {
  const d = description.toLowerCase();
  if (d.includes('japan') || d.includes('tokyo')) return 'japanese';
  if (d.includes('medieval') || d.includes('britain') || d.includes('village')) return 'medieval-british';
  return 'english';
}

interface OccupationSet {
  common: Array<[string, number]>;
  /** Occupations that make "wealthy" possible. */
  rich: string[];
}

const MEDIEVAL: OccupationSet = {
  common: [
    ['farmer', 30],
    ['blacksmith', 6],
    ['innkeeper', 4],
    ['weaver', 6],
    ['miller', 3],
    ['guard', 6],
    ['priest', 3],
    ['merchant', 5],
  ],
  rich: ['merchant', 'innkeeper'],
};
const MODERN: OccupationSet = {
  common: [
    ['office worker', 20],
    ['shopkeeper', 10],
    ['nurse', 8],
    ['teacher', 8],
    ['courier', 8],
    ['engineer', 6],
    ['cook', 8],
    ['police officer', 4],
  ],
  rich: ['engineer', 'shopkeeper'],
};

/** A valid, dependency-rich profile for `description`. */
export function autoProfile(description: string): Profile {
  const nameCulture = nameCultureFor(description);
  const medieval = nameCulture === 'medieval-british';
  const jobs = medieval ? MEDIEVAL : MODERN;
  const trimmed = description.trim().replace(/\s+/g, ' ');
  const variables: Variable[] = [
    {
      kind: 'numeric',
      name: 'age',
      min: 16,
      max: 85,
      integer: true,
      unit: 'years',
      ranges: [{ min: 18, max: 45, when: [when('newcomer', { oneOf: ['true'] })] }],
    },
    {
      kind: 'categorical',
      name: 'gender',
      options: [
        { value: 'woman', weight: 48, when: null },
        { value: 'man', weight: 48, when: null },
        ...(medieval ? [] : [{ value: 'nonbinary', weight: 4, when: null }]),
      ],
    },
    {
      kind: 'categorical',
      name: 'occupation',
      options: [
        ...jobs.common.map(([value, weight]) => ({ value, weight, when: null })),
        { value: 'apprentice', weight: 8, when: [when('age', { max: 25 })] },
        { value: 'elder', weight: 4, when: [when('age', { min: 60 })] },
      ],
    },
    {
      kind: 'categorical',
      name: 'marital_status',
      options: [
        { value: 'single', weight: 40, when: null },
        { value: 'married', weight: 45, when: [when('age', { min: 18 })] },
        { value: 'widowed', weight: 8, when: [when('age', { min: 25 })] },
        ...(medieval ? [] : [{ value: 'divorced', weight: 7, when: [when('age', { min: 20 })] }]),
      ],
    },
    { kind: 'boolean', name: 'newcomer', probability: 0.15, overrides: [] },
    {
      kind: 'categorical',
      name: 'temperament',
      options: ['cheerful', 'stern', 'anxious', 'curious', 'stubborn'].map((value) => ({ value, weight: 1, when: null })),
    },
    {
      kind: 'categorical',
      name: 'wealth',
      options: [
        { value: 'poor', weight: 30, when: null },
        { value: 'getting by', weight: 50, when: null },
        { value: 'comfortable', weight: 15, when: null },
        { value: 'wealthy', weight: 5, when: [when('occupation', { oneOf: jobs.rich })] },
      ],
    },
  ];
  return {
    summary: trimmed
      ? `The ordinary people of ${trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed}`
      : 'The ordinary people of an unnamed world.',
    nameCulture,
    terms: worldWords(description).slice(0, 12),
    variables,
  };
}
