/**
 * Schema map keys that are safe for any string. @colyseus/schema's MapSchema keeps its key
 * index in a plain object, so a key that is an Object.prototype property name (`constructor`,
 * `toString`, `__proto__`, `hasOwnProperty`...) cannot be encoded (the patch throws and, from
 * a room's patch timer, takes the process down) and a string-valued map with such a key
 * decodes to `undefined` on the client. Every value that becomes a map key in room state (the
 * NPC id in `npcs`, the trait names in `NpcPersona.traits`) goes through `toSchemaKey` first.
 *
 * The escape is injective and stable across processes: a reserved name, or any string that
 * already starts with `~`, gets one `~` in front; everything else is unchanged. So
 * `toSchemaKey('constructor') === '~constructor'`, `toSchemaKey('smith') === 'smith'`, and
 * `fromSchemaKey` undoes it. Persona keys never start with `~`, so an NPC id either is its key
 * or is `~` + its key.
 *   npcs.set(toSchemaKey(key), npc);   const key = fromSchemaKey(id);
 * Cost: one Set lookup and one string test per key.
 */

/** The escape character: a leading `~` marks an escaped key. */
export const SCHEMA_KEY_ESCAPE = '~';

/**
 * Object.prototype's property names (fixed list, so ids are the same in every process and
 * Node version), plus whatever this runtime adds to Object.prototype at load time.
 */
const RESERVED = new Set<string>([
  'constructor',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** True for names that a plain-object index would resolve through the prototype chain. */
export function isReservedKey(key: string): boolean {
  return RESERVED.has(key) || key in Object.prototype;
}

/** The form of `key` that is safe as a schema map key (see the file header). */
export function toSchemaKey(key: string): string {
  return key.startsWith(SCHEMA_KEY_ESCAPE) || isReservedKey(key) ? SCHEMA_KEY_ESCAPE + key : key;
}

/** The original string behind a schema map key made by `toSchemaKey`. */
export function fromSchemaKey(id: string): string {
  return id.startsWith(SCHEMA_KEY_ESCAPE) ? id.slice(SCHEMA_KEY_ESCAPE.length) : id;
}
