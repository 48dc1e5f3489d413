/**
 * Upgrading a provisional persona: the texts the fallback wrote while the model failed are
 * written again by the model (bio first, then a provisional backstory), checked like any
 * other text, stored and published to the handle (the plugin patches room state from it).
 * Identity never changes: name, traits and hints are the record's own, never re-sampled.
 * A backstory the model wrote from a provisional bio is kept (it was checked against the
 * traits). One upgrade per persona at a time across processes (a store lock); a model that
 * fails again leaves the record as it was (still provisional) and no fallback text is written.
 *   const rec = await upgradePersona(ctx, 'village', fingerprint, 'smith-1');
 * Cost: one store read, one or two model calls (bio, backstory; more with regenerations),
 * one store write per upgraded text.
 */
import type { PersonaRecord } from '../core/types.js';
import type { EngineContext } from './context.js';
import { isProvisional, withBackstory, withBio } from './records.js';

/** Scheduler priority of upgrades: below every lane (live 30, refill 20, backstory 10). */
export const UPGRADE_PRIORITY = 0;

export async function upgradePersona(ctx: EngineContext, world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
  const { store } = ctx;
  const first = await store.getPersona(world, fingerprint, key);
  if (!first || !isProvisional(first) || ctx.generator.usesFallbackOnly) return first;
  return ctx.singleFlight(
    `upgrade:${world}:${fingerprint}:${key}`,
    () => upgradeHeld(ctx, world, fingerprint, key),
    async () => {
      const rec = await store.getPersona(world, fingerprint, key);
      return rec && !isProvisional(rec) ? rec : undefined;
    },
  );
}

async function upgradeHeld(ctx: EngineContext, world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
  const { store, generator, metrics } = ctx;
  let rec = await store.getPersona(world, fingerprint, key);
  if (!rec || !isProvisional(rec)) return rec;
  const loaded = await ctx.loadWorld(world, fingerprint);
  if (!loaded) return rec;
  const identity = { key: rec.key, name: rec.name, traits: rec.traits, hints: rec.hints };
  /** Write one text with the model (no fallback), merge it into the latest record, store and publish it; false when the model failed. */
  const rewrite = async (what: 'bio' | 'backstory', write: () => Promise<PersonaRecord>): Promise<boolean> => {
    try {
      const next = await write();
      await store.putPersona(next);
      rec = next;
      metrics.provisional('upgraded', what);
      ctx.published(next);
      return true;
    } catch (err) {
      metrics.provisional('upgrade-failed', what);
      ctx.onError(err);
      return false;
    }
  };
  // Re-read before merging: the other text may have landed while the model wrote.
  const latest = async () => (await store.getPersona(world, fingerprint, key)) ?? rec!;
  if (rec.provisional.bio && rec.bio !== null) {
    const ok = await rewrite('bio', async () => {
      const [bio] = await generator.bios(loaded.context, loaded.profile, [identity], 'backstory', { fallback: false, priority: UPGRADE_PRIORITY });
      return withBio(await latest(), bio!);
    });
    if (!ok) return rec;
  }
  if (rec.provisional.backstory && rec.backstory !== null && rec.bio !== null) {
    const bio = rec.bio;
    await rewrite('backstory', async () => {
      const story = await generator.backstory(loaded.context, loaded.profile, identity, bio, { id: `upgrade:${world}:${fingerprint}:${key}`, priority: () => UPGRADE_PRIORITY, fallback: false });
      return withBackstory(await latest(), story);
    });
  }
  return rec;
}
