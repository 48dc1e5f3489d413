/**
 * The demo's preset worlds: the server's own worlds, given to the plugin as its `worlds` list,
 * so their descriptions are fixed here and no client can redefine them.
 * Any other world id needs a description the first time (then it is fixed by its creator).
 *   new PersonaPlugin({ engine, worlds: PRESET_WORLDS })
 * Cost: none.
 */
export const PRESET_WORLDS = [
  { id: 'northern-village', description: 'A medieval village in northern Britain' },
  { id: 'neo-tokyo', description: 'A modern neo-Tokyo' },
] as const;
