/**
 * The demo's preset worlds (DESIGN.md section 8) and how a room's join options become a
 * world: a preset id uses its own description; any other id needs a description.
 *   worldFromJoin({ worldId: 'neo-tokyo' }) // { id: 'neo-tokyo', description: 'A modern neo-Tokyo' }
 * Cost: none.
 */
import { InvalidWorldError, type WorldInput } from '../src/index.js';

export const PRESET_WORLDS = [
  { id: 'northern-village', description: 'A medieval village in northern Britain' },
  { id: 'neo-tokyo', description: 'A modern neo-Tokyo' },
] as const;

export function worldFromJoin(options: unknown): WorldInput {
  const o = (options ?? {}) as { worldId?: unknown; description?: unknown };
  const preset = PRESET_WORLDS.find((w) => w.id === o.worldId);
  if (preset) return { id: preset.id, description: preset.description };
  if (typeof o.description !== 'string' || !o.description.trim()) {
    throw new InvalidWorldError(`Unknown world "${String(o.worldId)}": join with { worldId, description } to describe a new world, or use a preset (${PRESET_WORLDS.map((w) => w.id).join(', ')}).`);
  }
  return { id: o.worldId as string, description: o.description };
}
