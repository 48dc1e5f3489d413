/**
 * NpcPersona: the synced view of one NPC's persona, built with `schema()` from
 * @colyseus/schema 5. The host puts a map of them in its state and the plugin patches
 * `bio`, `backstory` and `status` as results arrive; clients see them through normal state
 * sync.
 *   const State = schema({ npcs: t.map(NpcPersona) }, 'State');
 *   room.state.npcs.get('smith-1')?.bio
 * Map keys are escaped (plugin/schema-key.ts): an NPC's `id` is its persona `key`, or `~` +
 * the key when the key is an Object.prototype name such as `constructor`; trait names are
 * escaped the same way (`traits.get('occupation')` as usual). `error` is a generic code
 * (plugin/public-error.ts), never a raw store or provider message.
 * Cost per NPC: about 12 string fields plus the traits map; a full backstory is ~1.5 KB
 * sent once.
 */
import { schema, t } from '@colyseus/schema';
import type { PersonaRecord } from '../src/core/types.js';
import { publicError } from './public-error.js';
import { toSchemaKey } from './schema-key.js';

export const NpcPersona = schema(
  {
    /** Id within the room and key in the `npcs` map: the persona key, escaped if it is a reserved name (`~constructor`). */
    id: t.string().default(''),
    /** The persona key in its world: the same key is the same person in every room. */
    key: t.string().default(''),
    world: t.string().default(''),
    name: t.string().default(''),
    /** Trait values as strings, e.g. traits.get('occupation'); names escaped like ids. */
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
    /** A generic code: why a text came from the fallback (`fallback:provider`...) or why the persona failed (`failed:store`...); "" otherwise. */
    error: t.string().default(''),
  },
  'NpcPersona',
);
export type NpcPersona = InstanceType<typeof NpcPersona>;

/** Strings as they are, numbers and booleans as text, anything else (damaged data) as "". */
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

/**
 * Copy a record into an NpcPersona, touching only fields that changed (no empty patches).
 * Total: a record with missing or mistyped fields (old or damaged stored data) is coerced,
 * never thrown on.
 */
export function applyRecord(npc: NpcPersona, rec: PersonaRecord): void {
  const set = <K extends 'key' | 'world' | 'name' | 'hints' | 'bio' | 'backstory' | 'status' | 'source' | 'model' | 'error'>(field: K, value: string) => {
    if (npc[field] !== value) npc[field] = value;
  };
  set('key', text(rec.key));
  set('world', text(rec.world));
  set('name', text(rec.name));
  set('hints', Array.isArray(rec.hints) ? rec.hints.map(text).join('; ') : '');
  set('bio', text(rec.bio));
  set('backstory', text(rec.backstory));
  set('status', text(rec.status) || 'pending');
  set('source', text(rec.source));
  set('model', text(rec.model));
  set('error', publicError(rec));
  const traits = rec.traits && typeof rec.traits === 'object' && !Array.isArray(rec.traits) ? rec.traits : {};
  for (const [name, value] of Object.entries(traits)) {
    const id = toSchemaKey(name);
    const v = text(value);
    if (npc.traits.get(id) !== v) npc.traits.set(id, v);
  }
}
