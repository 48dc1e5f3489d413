/**
 * NpcRoster: the NPCs of one room. Each is a persona handle mirrored into an NpcPersona in the
 * room's state: the NPC enters the state once its bio is known (at once for a pool or cache
 * hit) or the bio deadline passes, then every record the handle reports is patched in, and
 * 'spawn', 'bio', 'backstory', 'failed' and 'remove' go to the plugin's events. After the room
 * is disposed nothing is written or emitted. Used by PersonaPlugin (plugin/persona-plugin.ts).
 *   const roster = new NpcRoster({ npcs: () => room.state.npcs, disposed: () => false, report, events, bioDeadlineMs: 250 });
 *   const npc = roster.track(world.persona('smith'), world.id);   // roster.find('smith')?.handle
 * Cost: per NPC one Map entry, two handle listeners and at most one timer (until it is shown).
 */
import type { MapSchema } from '@colyseus/schema';
import type { PersonaRecord } from '../src/core/types.js';
import type { PersonaHandle } from '../src/engine/persona-handle.js';
import { applyRecord, NpcPersona } from './npc-persona.js';
import type { PluginErrorSource } from './options.js';
import { fromSchemaKey, toSchemaKey } from './schema-key.js';

/** The plugin events the roster emits (the plugin's PersonaPluginEvents of the same names). */
export interface RosterEvents {
  spawn: [NpcPersona];
  bio: [NpcPersona, PersonaRecord];
  backstory: [NpcPersona, PersonaRecord];
  failed: [NpcPersona, PersonaRecord];
  remove: [NpcPersona];
}

/** What the roster needs from its room. */
export interface RosterHost {
  /** The room's NpcPersona map. */
  npcs(): MapSchema<NpcPersona>;
  /** True once the room is disposed. */
  disposed(): boolean;
  /** Errors go to the plugin's onError; never throws. */
  report(err: unknown, where: PluginErrorSource): void;
  events: { emit<E extends keyof RosterEvents>(event: E, ...args: RosterEvents[E]): boolean };
  /** How long an NPC without a bio waits before it enters the state anyway (<= 0: at once). */
  bioDeadlineMs: number;
}

/** One NPC of the room: its synced view, its persona, and whether it is in the state yet. */
export interface Tracked {
  npc: NpcPersona;
  handle: PersonaHandle;
  stop: () => void;
  visible: boolean;
}

export class NpcRoster {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly host: RosterHost) {}

  /** How many NPCs the room has (visible or about to be). */
  get size(): number {
    return this.tracked.size;
  }

  /** The NPC with this persona key. */
  byKey(key: string): Tracked | undefined {
    return this.tracked.get(key);
  }

  /** The NPC with this id (its state map key, e.g. `~constructor`) or persona key. */
  find(id: string): Tracked | undefined {
    if (typeof id !== 'string') return undefined;
    return this.tracked.get(id) ?? this.tracked.get(fromSchemaKey(id));
  }

  /** NPCs of the room (visible or about to be). */
  list(): NpcPersona[] {
    return [...this.tracked.values()].map((t) => t.npc);
  }

  /** Take an NPC (by id or key) out of the room and the state; emits 'remove'. */
  remove(id: string): boolean {
    const t = this.find(id);
    if (!t) return false;
    t.stop();
    this.tracked.delete(t.handle.key);
    if (t.visible) this.host.npcs().delete(t.npc.id);
    this.host.events.emit('remove', t.npc);
    return true;
  }

  /** Stop listening to every NPC's persona and forget them (the room is disposed). */
  clear(): void {
    for (const t of this.tracked.values()) t.stop();
    this.tracked.clear();
  }

  /**
   * Respawn a world's stored cast (`list` reads it; `spawn` adds one NPC by key). A record that
   * cannot be shown is skipped and reported ('restore'); stops when the room is disposed.
   */
  async restore(list: () => Promise<PersonaRecord[]>, spawn: (key: string) => void, worldId: string | undefined): Promise<void> {
    let cast: PersonaRecord[];
    try {
      cast = await list();
    } catch (err) {
      this.host.report(err, 'restore');
      return;
    }
    for (const rec of cast) {
      if (this.host.disposed()) return;
      const key: unknown = rec?.key;
      try {
        if (typeof key !== 'string') throw new Error('the stored record has no key');
        if (!this.tracked.has(key)) spawn(key);
      } catch (err) {
        const shown = JSON.stringify(typeof key === 'string' ? key.slice(0, 80) : (key ?? null));
        this.host.report(
          new Error(`Skipped stored persona ${shown} of world "${worldId}": ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          }),
          'restore',
        );
      }
    }
  }

  /** Mirror a persona handle of world `worldId` into an NpcPersona in the room's state. */
  track(handle: PersonaHandle, worldId: string): NpcPersona {
    const { host } = this;
    const npc = new NpcPersona();
    npc.id = toSchemaKey(handle.key);
    npc.key = handle.key;
    npc.world = worldId;
    const t: Tracked = { npc, handle, stop: () => undefined, visible: false };
    this.tracked.set(handle.key, t);

    let deadline: NodeJS.Timeout | undefined;
    let reportedFailure = false;
    // The texts last put in state: a different non-null text (first or an upgrade) emits its event.
    let shownBio: string | null = null;
    let shownBackstory: string | null = null;
    const show = () => {
      if (t.visible || host.disposed() || this.tracked.get(handle.key) !== t) return;
      t.visible = true;
      if (deadline) clearTimeout(deadline);
      host.npcs().set(npc.id, npc);
      host.events.emit('spawn', npc);
    };
    const onUpdate = (rec: PersonaRecord) => {
      if (host.disposed() || this.tracked.get(handle.key) !== t) return;
      try {
        applyRecord(npc, rec);
        if (rec.status === 'failed' && !reportedFailure) {
          reportedFailure = true;
          host.report(new Error(`NPC "${handle.key}" of world "${worldId}" failed: ${rec.error ?? 'unknown error'}`), 'persona');
        }
        if (rec.bio !== null || rec.status === 'failed') show();
        // After the patch and after 'spawn', so listeners see the new text in state. Derived from
        // 'update' (the handle's 'bio'/'backstory' fire once): an upgrade (a provisional text
        // rewritten by the model, same person) emits again; a change of flags alone emits nothing.
        const bio = typeof rec.bio === 'string' && rec.bio !== shownBio ? rec.bio : null;
        const backstory = typeof rec.backstory === 'string' && rec.backstory !== shownBackstory ? rec.backstory : null;
        if (bio !== null) shownBio = bio;
        if (backstory !== null) shownBackstory = backstory;
        if (bio !== null && t.visible) host.events.emit('bio', npc, rec);
        if (backstory !== null && t.visible) host.events.emit('backstory', npc, rec);
      } catch (err) {
        host.report(err, 'persona');
      }
    };
    const onFailed = (rec: PersonaRecord) => !host.disposed() && host.events.emit('failed', npc, rec);
    handle.on('update', onUpdate);
    handle.on('failed', onFailed);
    t.stop = () => {
      if (deadline) clearTimeout(deadline);
      handle.off('update', onUpdate);
      handle.off('failed', onFailed);
    };

    // Pool and cache hits already carry their record (bio included): in state this tick.
    if (handle.record) onUpdate(handle.record);
    if (!t.visible) {
      if (host.bioDeadlineMs <= 0) show();
      else {
        deadline = setTimeout(show, host.bioDeadlineMs);
        deadline.unref?.();
      }
    }
    return npc;
  }
}
