/** A small designer profile with dependencies both ways, for trait tests. */
import type { Profile } from '../src/core/profile-schema.js';

const cond = (variable: string, c: { oneOf?: string[]; min?: number; max?: number }) => ({
  variable,
  oneOf: c.oneOf ?? null,
  min: c.min ?? null,
  max: c.max ?? null,
});

export const FEUDAL_PROFILE: Profile = {
  summary: 'Serfs, freemen and a few nobles around a border castle.',
  nameCulture: 'medieval-british',
  terms: ['castle', 'manor', 'kirk', 'reeve'],
  variables: [
    {
      kind: 'categorical',
      name: 'class',
      options: [
        { value: 'serf', weight: 6, when: null },
        { value: 'freeman', weight: 3, when: null },
        { value: 'noble', weight: 1, when: null },
      ],
    },
    { kind: 'numeric', name: 'age', min: 6, max: 85, integer: true, unit: 'years', ranges: [] },
    {
      kind: 'categorical',
      name: 'gender',
      options: [
        { value: 'female', weight: 1, when: null },
        { value: 'male', weight: 1, when: null },
      ],
    },
    {
      kind: 'categorical',
      name: 'occupation',
      options: [
        { value: 'farmer', weight: 5, when: null },
        { value: 'smith', weight: 2, when: [cond('age', { min: 16 })] },
        { value: 'apprentice', weight: 2, when: [cond('age', { min: 10, max: 25 })] },
        { value: 'lord of the castle', weight: 1, when: [cond('class', { oneOf: ['noble'] }), cond('age', { min: 21 })] },
        { value: 'elder', weight: 1, when: [cond('age', { min: 60 })] },
      ],
    },
    {
      kind: 'categorical',
      name: 'marital_status',
      options: [
        { value: 'single', weight: 3, when: null },
        { value: 'married', weight: 5, when: [cond('age', { min: 16 })] },
        { value: 'widowed', weight: 1, when: [cond('age', { min: 25 })] },
      ],
    },
    {
      kind: 'boolean',
      name: 'owns_land',
      probability: 0.2,
      overrides: [
        { probability: 0, when: [cond('class', { oneOf: ['serf'] })] },
        { probability: 0.95, when: [cond('class', { oneOf: ['noble'] })] },
      ],
    },
  ],
};
