/**
 * NpcPersona: the synced view of one NPC's persona, built with `schema()` from
 * @colyseus/schema 5. The host puts a map of them in its state and the plugin patches
 * `bio`, `backstory` and `status` as results arrive; clients see them through normal state
 * sync.
 *   const State = schema({ npcs: t.map(NpcPersona) }, 'State');
 *   room.state.npcs.get('smith-1')?.bio
 * Cost per NPC: about 12 string fields plus the traits map; a full backstory is ~1.5 KB
 * sent once.
 */
import { schema, t } from '@colyseus/schema';
import type { PersonaRecord } from '../src/core/types.js';

export const NpcPersona = schema(
  {
    /** Id within the room (the persona key). */
    id: t.string().default(''),
    /** The persona key in its world: the same key is the same person in every room. */
    key: t.string().default(''),
    world: t.string().default(''),
    name: t.string().default(''),
    /** Trait values as strings, e.g. traits.get('occupation'). */
    traits: t.map('string'),
    /** Free-text hints, joined with "; ". */
    hints: t.string().default(''),
    bio: t.string().default(''),
    backstory: t.string().default(''),
    /** pending | bio | complete | failed */
    status: t.string().default('pending'),
    /** llm | procedural | "" before any text. */
    source: t.string().default(''),
    model: t.string().default(''),
    /** Why a text came from the fallback, or why the persona failed; "" otherwise. */
    error: t.string().default(''),
  },
  'NpcPersona',
);
export type NpcPersona = InstanceType<typeof NpcPersona>;

/** Copy a record into an NpcPersona, touching only fields that changed (no empty patches). */
export function applyRecord(npc: NpcPersona, rec: PersonaRecord): void {
  const set = <K extends 'key' | 'world' | 'name' | 'hints' | 'bio' | 'backstory' | 'status' | 'source' | 'model' | 'error'>(field: K, value: string) => {
    if (npc[field] !== value) npc[field] = value;
  };
  set('key', rec.key);
  set('world', rec.world);
  set('name', rec.name);
  set('hints', rec.hints.join('; '));
  set('bio', rec.bio ?? '');
  set('backstory', rec.backstory ?? '');
  set('status', rec.status);
  set('source', rec.source ?? '');
  set('model', rec.model ?? '');
  set('error', rec.error ?? '');
  for (const [name, value] of Object.entries(rec.traits)) {
    const text = String(value);
    if (npc.traits.get(name) !== text) npc.traits.set(name, text);
  }
}
