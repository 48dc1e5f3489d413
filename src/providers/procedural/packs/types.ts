/**
 * Shared shapes of the facet packs (eras, settings, cultures, the phrase lexicon) that
 * world-profile.ts composes into a Profile, and the tech/era bands their entries are tagged with.
 *   const band = bandOf(sketch.tech); // 'old' | 'steam' | 'now' | 'space'
 *   const ok = fitsBand(['cooper', 2, { bands: 'old steam' }], band);
 * Cost: types and two tiny pure functions.
 */
import type { TechLevel } from '../../../stages/sketch/sketch-types.js';

/** Tech bands: stone to pre-industrial, steam/electric, digital, spacefaring. */
export type Band = 'old' | 'steam' | 'now' | 'space';

export function bandOf(tech: TechLevel): Band {
  if (tech === 'steam' || tech === 'electric') return 'steam';
  if (tech === 'digital') return 'now';
  if (tech === 'spacefaring') return 'space';
  return 'old';
}

/** Standing tiers, lowest first; packs name them per era, setting or culture. */
export const TIERS = ['low', 'common', 'middling', 'high'] as const;
export type Tier = (typeof TIERS)[number];

/** Authoring shorthand for an option's conditions and where it fits. */
export interface When {
  /** Standing tiers allowed. */
  tiers?: readonly Tier[];
  genders?: readonly string[];
  minAge?: number;
  maxAge?: number;
  /** Space-separated bands the entry fits ('old steam'); absent: every band. */
  bands?: string;
}
/** [value, weight, conditions?] */
export type Opt = readonly [string, number, When?];

export function fitsBand(opt: Opt, band: Band): boolean {
  const bands = opt[2]?.bands;
  return bands === undefined || bands.split(' ').includes(band);
}

/** The yes/no trait a world gets: [name, probability]. */
export type Flag = readonly [string, number];
