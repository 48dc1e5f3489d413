/**
 * Upgrading a provisional persona: the texts the fallback wrote while the model failed are
 * written again by the model (bio first, then a provisional backstory), checked like any
 * other text, stored and published to the handle (the plugin patches room state from it).
 * Identity never changes: name, traits and hints are the record's own, never re-sampled.
 * A backstory the model wrote from a provisional bio is kept (it was checked against the
 * traits). One upgrade per persona at a time across processes (a store lock); a model that
 * fails again leaves the record as it was (still provisional) and no fallback text is written.
 * `note(record)` queues the upgrade of a provisional record on the upgrader (upgrader.ts), to
 * run when the model answers, and, on a queue processes share, as a durable `upgrade` job that
 * any process's worker may run (the store lock keeps it to one at a time); `upgrade()` runs one now.
 *   upgrades.note(record);
 *   const rec = await upgrades.upgrade('village', fingerprint, 'smith-1');
 * Cost: one store read, one or two model calls (bio, backstory; more with regenerations),
 * one store write per upgraded text.
 */
import type { PersonaRecord, PersonaStore } from '../core/types.js';
import type { EngineMetrics } from './metrics.js';
import { isProvisional, withBackstory, withBio } from './records.js';
import type { SingleFlight } from './single-flight.js';
import type { TextWriter } from './text-writer.js';
import type { Upgrader } from './upgrader.js';
import type { WorldRegistry } from './world-registry.js';

/** Scheduler priority of upgrades: below every lane (live 30, refill 20, backstory 10). */
export const UPGRADE_PRIORITY = 0;

export interface PersonaUpgradesDeps {
  store: PersonaStore;
  writer: Pick<TextWriter, 'usesFallbackOnly' | 'bios' | 'backstory'>;
  flights: Pick<SingleFlight, 'run'>;
  worlds: Pick<WorldRegistry, 'load'>;
  metrics: EngineMetrics;
  /** Provisional work waiting for the model (null: upgrades off, or no model: `note` does nothing). */
  upgrader: Upgrader | null;
  /** Hand an upgraded record to the engine (its handle, the backstory bookkeeping, the upgrader). */
  publish: (record: PersonaRecord) => void;
  /**
   * Queue the upgrade as a durable job too (only on a queue processes share): any process may
   * then do it, and it outlives this one. Absent: upgrades live in this process's upgrader.
   */
  queueUpgrade?: (record: PersonaRecord) => Promise<void>;
  onError: (err: unknown) => void;
}

export class PersonaUpgrades {
  constructor(private readonly deps: PersonaUpgradesDeps) {}

  /** A record with provisional texts was written or read: queue its upgrade (runs when the model answers). */
  note(record: PersonaRecord): void {
    const { upgrader } = this.deps;
    if (!upgrader || !isProvisional(record) || record.status === 'failed') return;
    const { world, fingerprint, key } = record;
    upgrader.note(`persona\u0000${world}\u0000${fingerprint}\u0000${key}`, async () => {
      const rec = await this.upgrade(world, fingerprint, key);
      return rec !== undefined && isProvisional(rec);
    });
    this.deps.queueUpgrade?.(record).catch((err: unknown) => this.deps.onError(err));
  }

  /** Rewrite a provisional persona's texts with the model now; resolves with the record as stored afterwards. */
  async upgrade(world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
    const { store, writer, flights } = this.deps;
    const first = await store.getPersona(world, fingerprint, key);
    if (!first || !isProvisional(first) || writer.usesFallbackOnly) return first;
    return flights.run(
      `upgrade:${world}:${fingerprint}:${key}`,
      () => this.upgradeHeld(world, fingerprint, key),
      async () => {
        const rec = await store.getPersona(world, fingerprint, key);
        return rec && !isProvisional(rec) ? rec : undefined;
      },
    );
  }

  private async upgradeHeld(world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
    const { store, writer, metrics, worlds, publish, onError } = this.deps;
    let rec = await store.getPersona(world, fingerprint, key);
    if (!rec || !isProvisional(rec)) return rec;
    const loaded = await worlds.load(world, fingerprint);
    if (!loaded) return rec;
    const identity = { key: rec.key, name: rec.name, traits: rec.traits, hints: rec.hints };
    /** Write one text with the model (no fallback), merge it into the latest record, store and publish it; false when the model failed. */
    const rewrite = async (what: 'bio' | 'backstory', write: () => Promise<PersonaRecord>): Promise<boolean> => {
      try {
        const next = await write();
        await store.putPersona(next);
        // Rooms in other processes holding the provisional text hear of it (a store shared by processes).
        await store.announce?.(next);
        rec = next;
        metrics.provisional('upgraded', what);
        publish(next);
        return true;
      } catch (err) {
        metrics.provisional('upgrade-failed', what);
        onError(err);
        return false;
      }
    };
    // Re-read before merging: the other text may have landed while the model wrote.
    const latest = async () => (await store.getPersona(world, fingerprint, key)) ?? rec!;
    if (rec.provisional.bio && rec.bio !== null) {
      const ok = await rewrite('bio', async () => {
        const [bio] = await writer.bios(loaded.context, loaded.profile, [identity], 'backstory', {
          fallback: false,
          priority: UPGRADE_PRIORITY,
        });
        return withBio(await latest(), bio!);
      });
      if (!ok) return rec;
    }
    if (rec.provisional.backstory && rec.backstory !== null && rec.bio !== null) {
      const bio = rec.bio;
      await rewrite('backstory', async () => {
        const story = await writer.backstory(loaded.context, loaded.profile, identity, bio, {
          id: `upgrade:${world}:${fingerprint}:${key}`,
          priority: () => UPGRADE_PRIORITY,
          fallback: false,
        });
        return withBackstory(await latest(), story);
      });
    }
    return rec;
  }
}
