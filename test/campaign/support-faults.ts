/**
 * Campaign support for the provider fault matrix: an OpenAI SDK client whose fetch injects a
 * fault into every Nth chat request (the test server has no rate option, so the Nth request is
 * scripted just before it is sent), a TCP server that resets every connection (a real
 * ECONNRESET, which the test server cannot produce), and a reader of the test server's log
 * that counts texts generated more than once for the same person.
 *   const reset = await startResetServer();
 *   const client = faultyClient(server, reset, { fault: 'http500', every: 10 });
 * Cost: one counter per request; the reset server holds no state.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { readDataBlock } from '../../src/core/prompt.js';
import type { FaultKind, LoggedRequest, TestLlmServer } from '../../src/testing/index.js';

export type MatrixFault = FaultKind | 'reset';

export interface ResetServer {
  /** Base URL with the same path shape as the test server's (…/v1). */
  readonly url: string;
  /** Connections reset so far. */
  readonly resets: number;
  close(): Promise<void>;
}

/** A loopback server that answers every HTTP request with a TCP reset (RST) once the request arrives. */
export async function startResetServer(): Promise<ResetServer> {
  let resets = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      resets++;
      socket.resetAndDestroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get resets() {
      return resets;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface FaultPlan {
  fault: MatrixFault;
  /** Fault every Nth chat request (1 = every request). */
  every: number;
  /** Retry-After sent with http429. */
  retryAfterSeconds?: number;
}

export interface FaultyClient {
  client: OpenAI;
  /** Chat requests sent through this client. */
  readonly sent: number;
  /** Faults this client asked for (scripted on the test server, or resets). */
  readonly injected: number;
}

/**
 * An OpenAI client for `server` that injects `plan.fault` into every `plan.every`-th chat
 * request. With `every: 1` test-server faults are set per model with `failModels` instead (so
 * retries and repair calls fail too); resets always go through the reset server.
 */
export function faultyClient(server: TestLlmServer, reset: ResetServer, plan: FaultPlan, models: string[]): FaultyClient {
  let sent = 0;
  let injected = 0;
  if (plan.every === 1 && plan.fault !== 'reset') {
    const fault =
      plan.fault === 'http429' ? { fault: 'http429' as const, retryAfterSeconds: plan.retryAfterSeconds ?? 1 } : { fault: plan.fault };
    server.configure({ failModels: Object.fromEntries(models.map((m) => [m, fault])) });
  }
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/chat/completions')) return fetch(input, init);
    sent++;
    if (sent % plan.every !== 0) return fetch(input, init);
    injected++;
    if (plan.fault === 'reset') return fetch(url.replace(server.url, reset.url), init);
    if (plan.every !== 1)
      server.script(
        plan.fault === 'http429' ? { fault: 'http429', retryAfterSeconds: plan.retryAfterSeconds ?? 1 } : { fault: plan.fault },
      );
    return fetch(input, init);
  };
  const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0, fetch: wrapped });
  return {
    client,
    get sent() {
      return sent;
    },
    get injected() {
      return injected;
    },
  };
}

export interface GenerationCount {
  /** Successful model texts per (stage, person name). */
  perPerson: Map<string, number>;
  /** (stage, person) pairs written successfully more than once, beyond the designed regeneration. */
  duplicates: string[];
  /** Bio and backstory regenerations asked for after a failed check (by design, not duplicates). */
  regenerations: number;
  /** Requests answered with a fault, by kind. */
  faults: Record<string, number>;
}

/**
 * Count successful generations in the test server's log. A request counts as a success when it
 * was answered 200 with content and without an injected fault other than `contradict` (whose
 * reply is well-formed and accepted). A backstory request carrying `fix` is the engine's one
 * designed regeneration after a contradiction and is counted apart.
 */
export function countGenerations(requests: readonly LoggedRequest[]): GenerationCount {
  const perPerson = new Map<string, number>();
  const faults: Record<string, number> = {};
  let regenerations = 0;
  for (const r of requests) {
    if (r.fault) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
    if (r.status !== 200 || r.content === null || (r.fault !== null && r.fault !== 'contradict')) continue;
    // As the test server reads it: the newest user message with a data block (a repair retry adds a user message after it).
    const data =
      [...r.messages]
        .reverse()
        .filter((m) => m.role === 'user')
        .map((m) => readDataBlock(m.content))
        .find((d) => d !== null) ?? null;
    if (!data) continue;
    if (data.task === 'bios') {
      // A person with `fix` is the designed regeneration after a failed check, not a second generation.
      for (const p of (data.people as Array<{ name: string; fix?: unknown }> | undefined) ?? []) {
        if (p.fix) regenerations++;
        else bump(perPerson, `bio:${p.name}`);
      }
    } else if (data.task === 'backstory') {
      if (data.fix) regenerations++;
      else bump(perPerson, `backstory:${(data.person as { name: string }).name}`);
    } else if (data.task === 'backstories') {
      // A batched first draft: one backstory per person in it.
      for (const p of (data.people as Array<{ name: string }> | undefined) ?? []) bump(perPerson, `backstory:${p.name}`);
    } else if (data.task === 'profile') {
      bump(perPerson, `profile:${String(data.world)}`);
    }
  }
  const duplicates = [...perPerson].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
  return { perPerson, duplicates, regenerations, faults };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
