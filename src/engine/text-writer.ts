/**
 * The text writer: every model call the engine makes goes through here. It checks the world's
 * budget, runs the call on the scheduler in the right lane, charges usage, and when the
 * provider fails after its retries and model fallbacks (or the budget is spent, or a live
 * bio's deadline passes) it writes the text with the procedural provider instead, labelled
 * `source: "procedural"` with the reason (the text is provisional: the upgrader rewrites it
 * once the model answers; upgrades call with `fallback: false`). Model bios are checked
 * (bio-checks.ts) and backstories are checked for consistency, each regenerated once with
 * the problems named;
 * first drafts of several people may share a call (`backstoryBatch`, fed by
 * backstory-batcher.ts), each still checked and, when contradicted, regenerated alone.
 * Every call is paced (core/pacer.ts), the procedural provider's included: a burst of in-process
 * work takes turns with the event loop's timers and I/O.
 *   const [bio] = await writer.bios(world, profile, [identity], 'live');
 * Cost: one scheduler entry (none for the in-process fallback) and one provider call per batch
 * (of bios or of first-draft backstories) or single backstory; the fallback is a template fill
 * (microseconds).
 */
import { BudgetExceededError, InvalidOutputError, PersonaError, ProviderError } from '../core/errors.js';
import type { Profile } from '../core/profile-schema.js';
import { validateProfile } from '../core/profile-schema.js';
import type {
  BackstoriesRequest,
  ConsistencyReport,
  Generated,
  PersonaIdentity,
  PersonaProvider,
  Stage,
  TextSource,
  Usage,
  WorldContext,
} from '../core/types.js';
import { checkConsistency } from '../stages/consistency.js';
import type { BudgetBook } from './budget.js';
import type { EngineMetrics } from './metrics.js';
import { PACE, type Pacer } from '../core/pacer.js';
import { castKey, checkBios } from './bio-checks.js';
import type { NearDuplicateIndex } from './near-duplicates.js';
import type { BackstoryItem, BackstoryResult, TextResult } from './text-results.js';
import { type Lane, LANE_PRIORITY, type Scheduler } from './scheduler.js';

export type { BackstoryItem, BackstoryResult, TextResult } from './text-results.js';

export interface TextWriterDeps {
  provider: PersonaProvider;
  fallback: PersonaProvider;
  scheduler: Scheduler;
  budgets: BudgetBook;
  metrics: EngineMetrics;
  signal: AbortSignal;
  /** The online near-duplicate check on model bios (null: off). */
  nearDuplicates?: NearDuplicateIndex | null;
  /** True while more backstory jobs wait beyond the scheduler (the engine's worker is saturated): no tail to split yet. */
  moreStoriesWaiting?: () => boolean;
  /** Called after each provider call that answered (the engine's upgrader: the model is back). */
  onAnswered?: () => void;
  /** Called when a provider call failed (the engine's upgrader: hold upgrades back). */
  onFailed?: () => void;
}

/** Options of one call. */
export interface CallOptions {
  /** Write with the procedural fallback when the provider fails. Default: true; false rethrows (upgrades: a provisional text stays as it is). */
  fallback?: boolean;
  /** Live play: the time (Date.now() scale) by which the text must be there; past it the fallback answers. */
  deadline?: number;
}

/** A provider that honours `BioRequest.deadline` throws at it; this grace lets its own timeout (counted by its breaker) win the race. */
const DEADLINE_GRACE_MS = 10;

/** The call's deadline passed (the fallback answers). */
class DeadlineError extends Error {
  constructor() {
    super('The live bio deadline passed');
    this.name = 'DeadlineError';
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof DeadlineError) return 'deadline';
  if (err instanceof BudgetExceededError) return 'budget';
  if (err instanceof ProviderError) return err.status === 429 ? 'rate-limited' : 'provider-error';
  if (err instanceof InvalidOutputError) return 'invalid-output';
  if (err instanceof PersonaError) return err.code.toLowerCase();
  return 'error';
}

export class TextWriter {
  /** The last provider error, for logs and the CLI summary. */
  lastError: unknown = null;
  /** People in backstory calls admitted to the scheduler that have not started yet. */
  private queuedStoryPeople = 0;

  constructor(private readonly deps: TextWriterDeps) {}

  /** True when there is no model: the provider is the procedural fallback itself. */
  get usesFallbackOnly(): boolean {
    return this.deps.provider === this.deps.fallback;
  }

  /** The scheduler's pacer (the batcher waits for paced spawns before it sends a batch). */
  get pacer(): Pacer {
    return this.deps.scheduler.pacer;
  }

  /** Run one provider call under budget and scheduler; fall back to procedural on failure. */
  private async call<T>(
    stage: Stage,
    world: WorldContext,
    lane: Lane,
    primary: (p: PersonaProvider, signal: AbortSignal) => Promise<Generated<T>>,
    opts: { id?: string; priority?: number; count?: number } & CallOptions = {},
  ): Promise<Generated<T> & { fallbackReason: string | null }> {
    const { provider, fallback, scheduler, budgets, metrics, signal: engineSignal } = this.deps;
    if (provider !== fallback) {
      // A deadline aborts the wait for a slot and the call; the race stops a provider that ignores its signal.
      // (Its own controller, which the engine's abort is forwarded to, and the listener removed after:
      // AbortSignal.any on the engine's long-lived signal keeps every composite alive until the engine goes.)
      const deadline = opts.deadline === undefined ? null : new AbortController();
      const forward = deadline ? () => deadline.abort(engineSignal.reason) : null;
      if (forward) engineSignal.addEventListener('abort', forward, { once: true });
      const signal = deadline ? deadline.signal : engineSignal;
      let timer: NodeJS.Timeout | undefined;
      const expired = deadline
        ? new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => {
                const err = new DeadlineError();
                deadline.abort(err);
                reject(err);
              },
              Math.max(0, opts.deadline! - Date.now()) + DEADLINE_GRACE_MS,
            );
          })
        : null;
      expired?.catch(() => undefined);
      // People in backstory calls waiting for a slot (a batch's split reads it when it starts).
      let queued = stage === 'backstory' ? (opts.count ?? 1) : 0;
      this.queuedStoryPeople += queued;
      const started = () => {
        this.queuedStoryPeople -= queued;
        queued = 0;
      };
      try {
        budgets.check(world.id);
        const run = scheduler.run(
          lane,
          () => {
            started();
            return primary(provider, signal);
          },
          { id: opts.id, signal, priority: opts.priority },
        );
        if (expired) run.catch(() => undefined); // the race may have settled first
        const out = expired ? await Promise.race([run, expired]) : await run;
        budgets.charge(world.id, out.usage);
        metrics.usage(stage, out.model, out.usage);
        metrics.worldUsage(world.id, out.usage);
        this.deps.onAnswered?.();
        return { ...out, fallbackReason: null };
      } catch (caught) {
        started();
        if (engineSignal.aborted) throw caught;
        // Aborted by the deadline (while waiting or in the call), or the provider gave up at it.
        const err = deadline?.signal.aborted || (opts.deadline !== undefined && Date.now() >= opts.deadline) ? new DeadlineError() : caught;
        if (err instanceof BudgetExceededError) metrics.budgetDenied();
        if (caught instanceof ProviderError && caught.usage) {
          // Failed attempts are billed too: count them against the budget and in metrics.
          budgets.charge(world.id, caught.usage);
          metrics.usage(stage, caught.model ?? provider.name, caught.usage);
          metrics.worldUsage(world.id, caught.usage);
        }
        this.lastError = caught;
        if (!(caught instanceof BudgetExceededError)) this.deps.onFailed?.();
        if (opts.fallback === false) throw err;
        const reason = reasonOf(err);
        if (err instanceof DeadlineError) metrics.deadlineMissed(opts.count ?? 1);
        metrics.fallback(reason, opts.count ?? 1);
        metrics.provisional('written', stage, opts.count ?? 1);
        // Not through the queue (it may be paused for a 429, and this takes microseconds), but paced.
        if (scheduler.pacer.due()) await scheduler.pace(lane === 'live' ? 'liveContinue' : lane);
        const out = await primary(fallback, engineSignal);
        return { ...out, fallbackReason: reason };
      } finally {
        clearTimeout(timer);
        if (forward) engineSignal.removeEventListener('abort', forward);
      }
    }
    // The provider is the in-process fallback: no budget or usage to count and no concurrency to
    // limit, so no queue; but paced by lane priority (a focused backstory included), so live bios
    // go first and a burst yields to the event loop between calls.
    if (scheduler.pacer.due()) await scheduler.pacer.pace(lane === 'live' ? PACE.live : (opts.priority ?? LANE_PRIORITY[lane]));
    const out = await primary(fallback, engineSignal);
    return { ...out, fallbackReason: null };
  }

  async profile(
    world: WorldContext,
    options: CallOptions & { priority?: number; lane?: Lane } = {},
  ): Promise<{ profile: Profile; model: string; source: TextSource; fallbackReason: string | null }> {
    const out = await this.call('profile', world, options.lane ?? 'live', (p, signal) => p.profile({ world, signal }), {
      fallback: options.fallback,
      priority: options.priority,
    });
    return { profile: validateProfile(out.value), model: out.model, source: out.source, fallbackReason: out.fallbackReason };
  }

  /**
   * Bios for `subjects`. A function is called once, when the call starts (after its wait for a
   * slot), so a batch can still grow while it waits: the bio batcher's live batches do.
   */
  async bios(
    world: WorldContext,
    profile: Profile,
    people: readonly PersonaIdentity[] | (() => readonly PersonaIdentity[]),
    lane: Lane,
    options: CallOptions & {
      priority?: number;
      onReady?: (index: number, result: TextResult) => void;
      /** People (by index) a live call carries for a pool refill: no player waits on them, so their regeneration is background work. */
      carried?: (index: number) => boolean;
    } = {},
  ): Promise<TextResult[]> {
    const started = performance.now();
    let sealed: readonly PersonaIdentity[] | null = typeof people === 'function' ? null : people;
    const seal = (): PersonaIdentity[] => [...(sealed ??= (people as () => readonly PersonaIdentity[])())];
    const opts = {
      get count() {
        return seal().length;
      },
      fallback: options.fallback,
      deadline: options.deadline,
      priority: options.priority,
    };
    const { deadline } = options;
    const write = (p: PersonaProvider, signal: AbortSignal): Promise<Generated<string[]>> => {
      const subjects = seal();
      // Everyone was carried by another call meanwhile (a live call took this refill's people).
      if (!subjects.length)
        return Promise.resolve({
          value: [],
          model: p.name,
          source: p === this.deps.fallback ? 'procedural' : 'llm',
          usage: { calls: 0, promptTokens: 0, completionTokens: 0 },
        });
      return p.bios({ world, profile, subjects, signal, ...(deadline !== undefined && p !== this.deps.fallback ? { deadline } : {}) });
    };
    const out = await this.call('bio', world, lane, write, opts);
    const subjects = seal();
    if (out.value.length !== subjects.length)
      throw new ProviderError(`Provider returned ${out.value.length} bios for ${subjects.length} people`, { provider: 'engine' });
    let results: TextResult[] = out.value.map((text) => ({
      text,
      model: out.model,
      source: out.source,
      fallbackReason: out.fallbackReason,
    }));
    // Model text is checked (a fallback's template text is made from the traits themselves).
    if (out.source === 'llm' && out.fallbackReason === null && subjects.length) {
      // The one regeneration: a call that never falls back (a failure keeps the first drafts, flagged).
      // Live only when a player waits on one of them: a refill's people carried by a live call are
      // regenerated in the refill lane, so the slot kept for live bios stays free for the next spawn.
      const redo = (again: PersonaIdentity[], problems: string[][]) => {
        const carried = options.carried;
        const live = lane === 'live' && (!carried || again.some((s) => !carried(subjects.indexOf(s))));
        const redoLane: Lane = lane === 'live' && !live ? 'refill' : lane;
        const redoDeadline = redoLane === lane ? deadline : undefined;
        return this.call(
          'bio',
          world,
          redoLane,
          (p, signal) =>
            p.bios({
              world,
              profile,
              subjects: again,
              problems,
              signal,
              ...(redoDeadline !== undefined ? { deadline: redoDeadline } : {}),
            }),
          {
            count: again.length,
            fallback: false,
            deadline: redoDeadline,
            priority: redoLane === lane ? options.priority : undefined,
          },
        );
      };
      results = await checkBios(
        { metrics: this.deps.metrics, scheduler: this.deps.scheduler, index: this.deps.nearDuplicates ?? null },
        { world, profile, subjects, drafts: results, deadline, onReady: options.onReady, live: lane === 'live' },
        redo,
      );
    }
    const ms = performance.now() - started;
    this.deps.metrics.text('bio', out.source, subjects.length);
    for (let i = 0; i < subjects.length; i++) this.deps.metrics.latencyMs('bio', ms);
    return results;
  }

  /** A model bio read back for a persona this process serves: part of its world's cast for the near-duplicate check. */
  noteBio(world: WorldContext, key: string, text: string): void {
    this.deps.nearDuplicates?.add(castKey(world), key, text);
  }

  /**
   * True when first drafts are worth batching (the backstory batcher waits for company only
   * then): the provider is not the in-process fallback and has `backstories`.
   */
  get batchesBackstories(): boolean {
    const { provider, fallback } = this.deps;
    return provider !== fallback && typeof provider.backstories === 'function';
  }

  /** Move a waiting call up (a member of a queued backstory batch was focused). No-op once it runs. */
  boost(id: string, priority: number): void {
    this.deps.scheduler.boost(id, priority);
  }

  /** Write, check, and on a contradiction write once more naming the problems; a second failure is kept but flagged. */
  async backstory(
    world: WorldContext,
    profile: Profile,
    subject: PersonaIdentity,
    bio: string,
    options: { id: string; priority?: () => number; fallback?: boolean },
  ): Promise<BackstoryResult> {
    const started = performance.now();
    const item: BackstoryItem = { subject, bio, id: options.id, priority: options.priority, fallback: options.fallback };
    return this.checked(world, profile, item, started, await this.writeOne(world, profile, item, null));
  }

  /**
   * First drafts of several people of one world in one call (`callId` is its scheduler id),
   * then each checked on its own as in `backstory()`: a contradicted one is regenerated alone,
   * and a person the reply left out or got wrong is written alone; the others are kept.
   * One promise per item, in order; a single item takes the single path.
   */
  backstoryBatch(world: WorldContext, profile: Profile, items: readonly BackstoryItem[], callId: string): Array<Promise<BackstoryResult>> {
    if (items.length === 1) {
      const [only] = items as [BackstoryItem];
      return [this.backstory(world, profile, only.subject, only.bio, { id: only.id, priority: only.priority })];
    }
    const started = performance.now();
    // Sealed when the call starts: the tail of a backlog splits (see keepOnStart).
    let kept: readonly BackstoryItem[] = items;
    let moved: Array<Promise<BackstoryResult>> = [];
    const write = (p: PersonaProvider, signal: AbortSignal) => {
      if (p === this.deps.provider && kept === items) {
        const keep = this.keepOnStart(items.length);
        if (keep < items.length) {
          kept = items.slice(0, keep);
          moved = [];
          for (let from = keep; from < items.length; from += keep) {
            const part = items.slice(from, from + keep);
            moved.push(...this.backstoryBatch(world, profile, part, `${callId}/${from}`));
          }
        }
      }
      return draftAll(p, { world, profile, people: kept.map((it) => ({ subject: it.subject, bio: it.bio })), signal });
    };
    const drafts = this.call('backstory', world, 'backstory', write, {
      id: callId,
      priority: Math.max(...items.map(priorityOf)),
      count: items.length,
    }).then(
      (out) => {
        if (out.value.length === kept.length) return out;
        // Positions cannot be trusted: write every one alone.
        this.lastError = new ProviderError(`Provider returned ${out.value.length} backstories for ${kept.length} people`, {
          provider: 'engine',
        });
        return { ...out, value: kept.map(() => null) };
      },
      (err: unknown) => ({ failed: err }),
    );
    return items.map(async (item, i) => {
      const out = await drafts;
      // Split off when the call started: its own call answers for it.
      if (i >= kept.length) return moved[i - kept.length]!;
      if ('failed' in out) throw out.failed;
      const text = out.value[i];
      const draft =
        text != null
          ? { value: text, model: out.model, source: out.source, fallbackReason: out.fallbackReason }
          : await this.writeOne(world, profile, item, null);
      return this.checked(world, profile, item, started, draft);
    });
  }

  /**
   * How many of a starting batch call's `size` people it keeps. At the tail of a backlog (no
   * more jobs beyond the scheduler, other backstory calls still waiting, and fewer people than
   * fill every background slot with a full batch) the rest is split off into smaller calls
   * that start as slots free, half a call per slot, so the last round ends together instead of
   * one slot finishing a full batch while the others idle (N = 200, batch 8 over 4 slots:
   * 0.99 of slot time used, against 0.97). A batch with nothing waiting behind it stays whole,
   * and so does every batch while there is live demand (players in rooms: the plugin's
   * on-demand path), where backstories are background work and fewer calls matter more.
   */
  private keepOnStart(size: number): number {
    const behind = this.queuedStoryPeople;
    // With players around (live demand) backstories are background work: fewer calls beat a shorter tail.
    if (behind === 0 || this.deps.moreStoriesWaiting?.() || this.deps.scheduler.liveDemand) return size;
    const slots = this.deps.scheduler.backgroundConcurrency;
    const total = behind + size;
    if (total >= slots * size) return size;
    return Math.max(1, Math.ceil(total / (2 * slots)));
  }

  /** One single-person call: a first draft, or a regeneration naming `problems`. */
  private writeOne(world: WorldContext, profile: Profile, item: BackstoryItem, problems: string[] | null): Promise<Draft> {
    return this.call(
      'backstory',
      world,
      'backstory',
      (p, signal) => p.backstory({ world, profile, subject: item.subject, bio: item.bio, problems, signal }),
      {
        id: item.id,
        priority: priorityOf(item),
        fallback: item.fallback,
      },
    );
  }

  /** Check a draft; on a contradiction write it once more, alone, naming the problems. */
  private async checked(
    world: WorldContext,
    profile: Profile,
    item: BackstoryItem,
    started: number,
    first: Draft,
  ): Promise<BackstoryResult> {
    // The consistency check is CPU work of its own: paced like a unit (no-op while the turn has slice left).
    const check = async (text: string) => {
      if (this.deps.scheduler.pacer.due()) await this.deps.scheduler.pace('continue');
      return checkConsistency(item.subject, text, { stage: 'backstory', profile });
    };
    const done = (out: Draft, consistency: ConsistencyReport | null): BackstoryResult => {
      this.deps.metrics.text('backstory', out.source);
      this.deps.metrics.latencyMs('backstory', performance.now() - started);
      return { text: out.value, model: out.model, source: out.source, fallbackReason: out.fallbackReason, consistency };
    };
    // Model text is checked; the procedural provider's is written from the traits themselves (and
    // would only come back the same if written again), so it is not: its report is null.
    if (first.source === 'procedural') return done(first, null);
    let out = first;
    let problems = await check(out.value);
    let regenerated = false;
    if (problems.length) {
      regenerated = true;
      this.deps.metrics.consistency('regenerated', 'backstory');
      out = await this.writeOne(world, profile, item, problems);
      // The regeneration fell back to the procedural provider: a provisional text, checked when the model rewrites it.
      if (out.source === 'procedural') return done(out, null);
      problems = await check(out.value);
    }
    this.deps.metrics.consistency(problems.length ? 'flagged' : 'passed', 'backstory');
    return done(out, { ok: problems.length === 0, problems, regenerated });
  }
}

type Draft = { value: string; model: string; source: TextSource; fallbackReason: string | null };

function priorityOf(item: BackstoryItem): number {
  return item.priority?.() ?? LANE_PRIORITY.backstory;
}

/** Batched drafts from a provider, or one `backstory()` call per person when it has no `backstories`. */
async function draftAll(p: PersonaProvider, request: BackstoriesRequest): Promise<Generated<Array<string | null>>> {
  if (p.backstories) return p.backstories(request);
  const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  const texts: string[] = [];
  let last: Generated<string> | undefined;
  for (const { subject, bio } of request.people) {
    last = await p.backstory({ world: request.world, profile: request.profile, subject, bio, problems: null, signal: request.signal });
    // Every counter, optional ones included (mended replies, repair calls).
    for (const [k, v] of Object.entries(last.usage) as Array<[keyof Usage, number | undefined]>) usage[k] = (usage[k] ?? 0) + (v ?? 0);
    texts.push(last.value);
  }
  return { value: texts, model: last?.model ?? p.name, source: last?.source ?? 'llm', usage };
}
