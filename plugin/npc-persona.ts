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
 * Provenance: `provisional` is true while any text was written by the fallback and waits for the
 * model (it is rewritten in the background and patched in, identity unchanged); `problems` lists
 * what the consistency checks still flag ("bio: ...; backstory: ..."), "" when they passed or
 * did not run.
 * Cost per NPC: about 13 string fields, one boolean and the traits map; a full backstory is
 * ~1.5 KB sent once (again after an upgrade).
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
    /** True while any text (bio or backstory) was written by the fallback and waits for the model to rewrite it. */
    provisional: t.boolean().default(false),
    /** What the bio's and backstory's consistency checks still flag, e.g. `bio: states age 90, but Ann is 43`; "" when they passed or did not run. */
    problems: t.string().default(''),
  },
  'NpcPersona',
);
export type NpcPersona = InstanceType<typeof NpcPersona>;

/** Strings as they are, numbers and booleans as text, anything else (damaged data) as "". */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

/** At most this many characters of `problems` go to clients. */
export const MAX_PROBLEMS_CHARS = 1000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when either text is marked provisional (missing or damaged fields count as false). */
export function isProvisional(rec: Pick<PersonaRecord, 'provisional'> | { provisional?: unknown }): boolean {
  const p: unknown = rec.provisional;
  return isObject(p) && (p.bio === true || p.backstory === true);
}

/** Unresolved problems of one check report (`ok: false`), as text; [] for a passed, missing or damaged report. */
function unresolved(report: unknown): string[] {
  if (!isObject(report) || report.ok !== false || !Array.isArray(report.problems)) return [];
  return report.problems.map(text).filter((p) => p !== '');
}

/**
 * The checks' unresolved problems: `bio: ...; backstory: ...`, "" when the checks passed or did
 * not run. The backstory's report is `checks.backstory`, or `consistency` in older records.
 */
export function checkProblems(rec: Pick<PersonaRecord, 'checks' | 'consistency'> | { checks?: unknown; consistency?: unknown }): string {
  const checks: unknown = rec.checks;
  const bio = isObject(checks) ? checks.bio : null;
  const backstory = isObject(checks) && checks.backstory != null ? checks.backstory : rec.consistency;
  const parts = [...unresolved(bio).map((p) => `bio: ${p}`), ...unresolved(backstory).map((p) => `backstory: ${p}`)];
  const joined = parts.join('; ');
  return joined.length > MAX_PROBLEMS_CHARS ? `${joined.slice(0, MAX_PROBLEMS_CHARS - 3)}...` : joined;
}

/**
 * Copy a record into an NpcPersona, touching only fields that changed (no empty patches).
 * Total: a record with missing or mistyped fields (old or damaged stored data) is coerced,
 * never thrown on.
 */
export function applyRecord(npc: NpcPersona, rec: PersonaRecord): void {
  if (!isObject(rec)) return;
  const set = <K extends 'key' | 'world' | 'name' | 'hints' | 'bio' | 'backstory' | 'status' | 'source' | 'model' | 'error' | 'problems'>(
    field: K,
    value: string,
  ) => {
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
  const provisional = isProvisional(rec);
  if (npc.provisional !== provisional) npc.provisional = provisional;
  set('problems', checkProblems(rec));
  const traits = rec.traits && typeof rec.traits === 'object' && !Array.isArray(rec.traits) ? rec.traits : {};
  for (const [name, value] of Object.entries(traits)) {
    const id = toSchemaKey(name);
    const v = text(value);
    if (npc.traits.get(id) !== v) npc.traits.set(id, v);
  }
}
