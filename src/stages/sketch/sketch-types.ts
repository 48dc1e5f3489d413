/**
 * The offline world model's shared types: what sketch.ts reads out of a world description
 * (era, technology, setting, cultures, the description's own phrases) and what the facet
 * packs (providers/procedural/packs/) and the profile composer
 * (providers/procedural/world-profile.ts) build a Profile from.
 *   const sketch: WorldSketch = sketchWorld('A whaling town in 1850s New England');
 *   sketch.era // 'industrial'; sketch.year // 1855; sketch.setting // 'town'
 * Cost: types only.
 */
import type { NameCulture } from '../../core/profile-schema.js';

/** Broad periods, oldest first. */
export const ERAS = [
  'prehistoric',
  'bronze-age',
  'iron-age',
  'classical',
  'medieval',
  'early-modern',
  'industrial',
  'early-20th',
  'mid-20th',
  'late-20th',
  'contemporary',
  'near-future',
  'far-future',
] as const;
export type EraId = (typeof ERAS)[number];

/** What people make and use; follows the era unless the description says otherwise (a starship in "feudal" space). */
export const TECH_LEVELS = ['stone', 'bronze', 'iron', 'pre-industrial', 'steam', 'electric', 'digital', 'spacefaring'] as const;
export type TechLevel = (typeof TECH_LEVELS)[number];

/** Where the cast lives. */
export const SETTINGS = [
  'village',
  'town',
  'city',
  'port',
  'ship',
  'station',
  'colony',
  'caravan',
  'archipelago',
  'habitat',
  'camp',
  'court',
  'suburb',
  'settlement',
] as const;
export type SettingId = (typeof SETTINGS)[number];

/** The description's own phrases, sorted by role (lower-case unless a proper name). */
export interface SketchPhrases {
  /** Organised groups people belong to or fight: "hydroponics guilds", "water cartel", "town council". */
  institutions: string[];
  /** What people there do: "highlife music scene", "whaling", "trading", "mining". */
  activities: string[];
  /** Named or described places: "post town on the Nakasendo road", "Tau Ceti", "Crete", "the reservoir". */
  places: string[];
  /** Things fought over or lived from: "water rights", "ice", "silk", "whale oil". */
  resources: string[];
}

export interface WorldSketch {
  /** The description, NFKC-normalised and trimmed. */
  description: string;
  era: EraId;
  /** An explicit or implied year (1600, 1855 for "1850s", 1250 for "13th century", 2300); null when none is given. */
  year: number | null;
  tech: TechLevel;
  setting: SettingId;
  /** Magic, elves, dragons, wizards: the fantasy layer on top of an era. */
  fantasy: boolean;
  /** After a collapse: wasteland, ruins, post-apocalyptic, dried-up, scavengers. */
  ruined: boolean;
  /** The region or place the description names ("Crete", "New England", "Nevada", "Lagos", "Iceland"), else null. */
  region: string | null;
  /** Naming cultures of the cast with weights (a mixed cast: Lagos gives yoruba, igbo, hausa, ...); at least one. */
  cultures: Array<{ culture: NameCulture; weight: number }>;
  phrases: SketchPhrases;
}
