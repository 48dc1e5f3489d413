/**
 * The demo page's script (bundled by esbuild at server start, @colyseus/sdk included): pick a
 * world, join its room, spawn NPCs, and watch bios and backstories arrive as state patches;
 * NPCs wander the map on the room's tick; the metrics panel polls the engine.
 * Cost: one WebSocket; a canvas redraw per animation frame; one metrics fetch every 2 s.
 */
import { Callbacks, Client, type Room } from '@colyseus/sdk';

interface NpcView {
  id: string;
  name: string;
  status: string;
  source: string;
  bio: string;
  backstory: string;
  hints: string;
  error: string;
  traits: { get(key: string): string | undefined; forEach(cb: (value: string, key: string) => void): void };
}
interface PositionView {
  x: number;
  y: number;
}
interface DemoStateView {
  worldId: string;
  description: string;
  tick: number;
  npcs: { get(id: string): NpcView | undefined; forEach(cb: (npc: NpcView, id: string) => void): void; size: number };
  positions: { forEach(cb: (p: PositionView, id: string) => void): void };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const select = $<HTMLSelectElement>('world-select');
const custom = $<HTMLTextAreaElement>('custom-desc');
const status = $('status');
const errorBox = $('error');
const cards = $('cards');
const spawn1 = $<HTMLButtonElement>('spawn1');
const spawn10 = $<HTMLButtonElement>('spawn10');
const canvas = $<HTMLCanvasElement>('map');
const ctx2d = canvas.getContext('2d')!;

const client = new Client(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`);
let room: Room | null = null;
let focused: string | null = null;

function slug(text: string): string {
  let h = 0;
  for (const c of text) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const base =
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 32) || 'world';
  return `${base}-${h.toString(36)}`;
}

function showError(message: string): void {
  errorBox.textContent = message;
  if (message) setTimeout(() => errorBox.textContent === message && (errorBox.textContent = ''), 6000);
}

async function loadWorlds(): Promise<void> {
  const res = await fetch('/api/worlds');
  const { presets } = (await res.json()) as { presets: Array<{ id: string; description: string }> };
  for (const w of presets) select.append(new Option(`${w.id} — ${w.description}`, w.id));
  select.append(new Option('a new world (describe it →)', ''));
  const params = new URLSearchParams(location.search);
  const wanted = params.get('world');
  if (wanted && presets.some((p) => p.id === wanted)) select.value = wanted;
  else if (wanted) {
    select.value = '';
    custom.value = params.get('description') ?? '';
  }
  if (wanted) void join();
}

async function join(): Promise<void> {
  showError('');
  const description = custom.value.trim();
  // A typed description is a new world, whatever the dropdown still shows.
  if (description) select.value = '';
  const worldId = select.value || (description ? slug(description) : '');
  if (!worldId) return showError('Pick a preset world or describe a new one.');
  await room?.leave();
  cards.innerHTML = '';
  status.textContent = 'joining…';
  try {
    room = await client.joinOrCreate('world', select.value ? { worldId } : { worldId, description });
  } catch (err) {
    status.textContent = 'not connected';
    return showError(err instanceof Error ? err.message : String(err));
  }
  const params = new URLSearchParams({ world: worldId });
  if (!select.value) params.set('description', description);
  history.replaceState(null, '', `?${params}`);
  status.textContent = 'connected';
  spawn1.disabled = spawn10.disabled = false;
  watch(room);
}

function watch(r: Room): void {
  const state = r.state as DemoStateView;
  const cb = Callbacks.get(r);
  cb.listen('worldId', (id: string) => ($('world-title').textContent = id));
  cb.listen('description', (d: string) => ($('world-desc').textContent = d));
  cb.listen('tick', (tick: number) => ($('tick').textContent = `tick ${tick}`));
  cb.onAdd('npcs', (value: unknown) => {
    const npc = value as NpcView;
    render(npc);
    cb.onChange(npc as never, () => render(npc));
    cb.onChange(npc.traits as never, () => render(npc));
  });
  cb.onRemove('npcs', (_npc: unknown, id: unknown) => {
    document.querySelector(`[data-npc-id="${CSS.escape(String(id))}"]`)?.remove();
  });
  r.onMessage('persona:error', (e: { message: string }) => showError(e.message));
  r.onLeave(() => {
    status.textContent = 'disconnected';
    spawn1.disabled = spawn10.disabled = true;
  });
  void state;
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render(npc: NpcView): void {
  const empty = cards.querySelector('.empty');
  if (empty) empty.remove();
  let card = document.querySelector<HTMLElement>(`[data-npc-id="${CSS.escape(npc.id)}"]`);
  if (!card) {
    card = el('article', 'card');
    card.dataset.npcId = npc.id;
    card.dataset.testid = 'npc-card';
    cards.prepend(card);
  }
  card.dataset.status = npc.status;
  card.classList.toggle('focused', focused === npc.id);
  card.replaceChildren();
  const head = el('header', '');
  head.append(el('span', 'name', npc.name || '…'));
  const badges = el('span', 'badges');
  const badge = el('span', `badge ${npc.status}`, npc.status);
  badge.dataset.testid = 'npc-status';
  badges.append(badge);
  if (npc.source) badges.append(el('span', `badge ${npc.source}`, npc.source === 'procedural' ? 'procedural' : 'model'));
  head.append(badges);
  const traits = el('div', 'traits');
  const shown: string[] = [];
  npc.traits.forEach((value, key) => shown.length < 6 && shown.push(`${key.replace(/_/g, ' ')}: ${value}`));
  for (const t of shown) traits.append(el('span', 'trait', t));
  if (npc.hints) traits.append(el('span', 'trait', `hints: ${npc.hints}`));
  const bio = el('div', 'bio', npc.bio || 'writing a bio…');
  bio.dataset.testid = 'bio';
  const story = el(
    'div',
    npc.backstory ? 'backstory' : 'backstory waiting',
    npc.backstory || (npc.status === 'failed' ? npc.error : 'backstory being written in the background…'),
  );
  story.dataset.testid = 'backstory';
  const foot = el('footer', '');
  foot.append(el('span', '', npc.error && npc.status !== 'failed' ? npc.error : npc.id));
  const talk = el('button', '', 'Talk') as HTMLButtonElement;
  talk.disabled = npc.status === 'complete';
  talk.onclick = () => {
    focused = npc.id;
    void room
      ?.request('persona:focus', { id: npc.id })
      .catch((e: { reason?: { message: string } }) => showError(e.reason?.message ?? 'The server refused the request.'));
    render(npc);
  };
  foot.append(talk);
  card.append(head, traits, bio, story, foot);
}

async function spawn(n: number): Promise<void> {
  if (!room) return;
  const hints = ($<HTMLInputElement>('hints').value || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const results = await Promise.allSettled(Array.from({ length: n }, () => room!.request('persona:spawn', hints.length ? { hints } : {})));
  const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const reason = refused?.reason as { reason?: { message?: string }; message?: string } | undefined;
  if (refused) showError(reason?.reason?.message ?? reason?.message ?? 'The server refused the request.');
}

function draw(): void {
  ctx2d.clearRect(0, 0, canvas.width, canvas.height);
  ctx2d.strokeStyle = '#1b2230';
  for (let x = 0; x < canvas.width; x += 40) ctx2d.strokeRect(x, 0, 40, canvas.height);
  const state = room?.state as DemoStateView | undefined;
  state?.positions?.forEach((p, id) => {
    const npc = state.npcs.get(id);
    const colour = npc?.status === 'complete' ? '#57c785' : npc?.status === 'bio' ? '#6cb6ff' : '#e5b454';
    ctx2d.fillStyle = id === focused ? '#ffffff' : colour;
    ctx2d.beginPath();
    ctx2d.arc(p.x, p.y, 6, 0, Math.PI * 2);
    ctx2d.fill();
    ctx2d.fillStyle = '#aab3c2';
    ctx2d.font = '11px system-ui';
    ctx2d.fillText((npc?.name ?? '').split(' ')[0] ?? '', p.x + 9, p.y + 4);
  });
  requestAnimationFrame(draw);
}

interface Snapshot {
  personas: { created: number; memoryHits: number; storeHits: number };
  pool: { hits: number; misses: number; ready: number };
  calls: Record<string, number>;
  tokens: { prompt: number; completion: number };
  fallbacks: { total: number };
  consistency: { passed: number; regenerated: number; flagged: number };
  latencyMs: { bio: { p50: number | null; p99: number | null } };
}

async function pollMetrics(): Promise<void> {
  try {
    const m = (await (await fetch('/api/metrics')).json()) as Snapshot;
    const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} ms`);
    const rows: Array<[string, string | number]> = [
      ['personas made', m.personas.created],
      ['cache hits', m.personas.memoryHits + m.personas.storeHits],
      ['pool hits / ready', `${m.pool.hits} / ${m.pool.ready}`],
      ['model calls', m.calls.profile! + m.calls.bio! + m.calls.backstory!],
      ['tokens', m.tokens.prompt + m.tokens.completion],
      ['fallbacks', m.fallbacks.total],
      ['bio latency p50', ms(m.latencyMs.bio.p50)],
      ['bio latency p99', ms(m.latencyMs.bio.p99)],
      ['backstories checked', m.consistency.passed + m.consistency.flagged],
      ['regenerated', m.consistency.regenerated],
    ];
    const box = $('metrics');
    box.replaceChildren(
      ...rows.map(([k, v]) => {
        const d = el('div', '');
        d.append(el('span', '', k), el('b', '', String(v)));
        return d;
      }),
    );
  } catch {
    // the server restarted: try again on the next poll
  }
}

$('join').onclick = () => void join();
spawn1.onclick = () => void spawn(1);
spawn10.onclick = () => void spawn(10);
select.onchange = () => {
  if (select.value) custom.value = '';
};
// Typing a description picks "a new world" in the dropdown, so what the page shows is what Enter joins.
custom.oninput = () => {
  if (custom.value.trim()) select.value = '';
};
void loadWorlds();
requestAnimationFrame(draw);
void pollMetrics();
setInterval(() => void pollMetrics(), 2000);
