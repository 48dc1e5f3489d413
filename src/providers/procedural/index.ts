/**
 * The procedural provider: offline, deterministic, world-aware personas with no model behind
 * them: the description read into a world sketch (stages/sketch/sketch.ts), a profile composed from era,
 * setting and culture packs and the description's own phrases (world-profile.ts, packs/),
 * authored text fragments (text.ts) and name data. It is the embedded
 * default when no LLM endpoint is configured and the last fallback when one fails, and it
 * says so: every result has model "procedural", source "procedural" and zero usage.
 * It shares the event loop with the game, so it works in paced units (core/pacer.ts): a
 * batch of bios checks the turn's time slice between people and waits for a later turn when
 * it is spent; a profile or backstory starts only while the turn has slice left. Pacing moves
 * work in time only: the same request gives the same text.
 *   const provider = new ProceduralProvider();
 *   const { value: bios } = await provider.bios({ world, profile, subjects });
 * Cost: no I/O, no tokens; a profile ~3-9 ms (sketch ~2-8 ms + composition ~0.6 ms; the first
 * in a process also loads compromise, ~0.3-1 s), ~7 µs per bio, ~70 µs per backstory.
 */
import { ProviderError } from '../../core/errors.js';
import type { Profile } from '../../core/profile-schema.js';
import type {
  BackstoriesRequest,
  BackstoryRequest,
  BioRequest,
  Generated,
  PersonaProvider,
  ProfileRequest,
  Usage,
} from '../../core/types.js';
import { seededRandom } from '../../core/random.js';
import { PACE, type Pacer, sharedPacer } from '../../core/pacer.js';
import { proceduralBackstory, proceduralBio } from './text.js';
import { proceduralProfile } from './world-profile.js';

export { composeProfile, proceduralProfile } from './world-profile.js';
export { sketchWorld } from '../../stages/sketch/sketch.js';
export { proceduralBio, proceduralBackstory, seedOf } from './text.js';

export const PROCEDURAL_MODEL = 'procedural';

function checkAborted(signal: AbortSignal | undefined, stage: string): void {
  if (signal?.aborted) {
    throw new ProviderError(`The procedural ${stage} was aborted.`, {
      provider: 'procedural',
      model: PROCEDURAL_MODEL,
      cause: signal.reason,
    });
  }
}

function generated<T>(value: T): Generated<T> {
  const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  return { value, model: PROCEDURAL_MODEL, source: 'procedural', usage };
}

export interface ProceduralProviderOptions {
  /** @internal Paces the work with the event loop. Default: the process's shared pacer (2 ms slices). */
  pacer?: Pacer;
}

export class ProceduralProvider implements PersonaProvider {
  readonly name = 'procedural';
  /** Work is synchronous and tiny; the limit only bounds how many the scheduler interleaves. */
  readonly concurrency = 64;
  private readonly pacer: Pacer;

  constructor(options: ProceduralProviderOptions = {}) {
    this.pacer = options.pacer ?? sharedPacer;
  }

  async profile(request: ProfileRequest): Promise<Generated<Profile>> {
    // Wait for a later turn when this one's slice is spent (already-started work goes first).
    if (this.pacer.due()) await this.pacer.pace(PACE.continue);
    checkAborted(request.signal, 'profile');
    return generated(proceduralProfile(request.world.description));
  }

  async bios(request: BioRequest): Promise<Generated<string[]>> {
    checkAborted(request.signal, 'bio');
    const bios: string[] = [];
    for (const subject of request.subjects) {
      // A bounded amount of work per turn: the clock is read between people (no await while the slice lasts).
      if (this.pacer.due()) await this.pacer.pace(PACE.continue);
      checkAborted(request.signal, 'bio');
      bios.push(proceduralBio(request.world, request.profile, subject));
    }
    return generated(bios);
  }

  async backstory(request: BackstoryRequest): Promise<Generated<string>> {
    if (this.pacer.due()) await this.pacer.pace(PACE.continue);
    checkAborted(request.signal, 'backstory');
    const { world, profile, subject, bio, problems } = request;
    // A regeneration after a failed consistency check gets a differently seeded text
    // (still deterministic) rather than the same words again.
    const rand = problems?.length ? seededRandom(`${world.description}|${subject.key}|${subject.name}|backstory-retry`) : undefined;
    return generated(proceduralBackstory(world, profile, subject, bio, rand));
  }

  /** Several first drafts: the single backstory per person (same texts), paced between people like bios. */
  async backstories(request: BackstoriesRequest): Promise<Generated<Array<string | null>>> {
    checkAborted(request.signal, 'backstory');
    const texts: string[] = [];
    for (const { subject, bio } of request.people) {
      if (this.pacer.due()) await this.pacer.pace(PACE.continue);
      checkAborted(request.signal, 'backstory');
      texts.push(proceduralBackstory(request.world, request.profile, subject, bio));
    }
    return generated(texts);
  }
}
