#!/usr/bin/env bash
# Package check: what users get. Packs the library, installs the tarball into an empty
# folder, and checks the bin, both export styles (ESM, CJS), the ./testing export and the
# types. Run by .ci/run after `npm test`; takes about a minute (better-sqlite3 builds).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
npm run build --silent
# The declarations users get name no internal class (the engine's parts, the scheduler, the
# pacer, breakers...): only these are public classes.
public_classes="BudgetExceededError BullJobQueue EngineClosedError EngineMetrics InvalidInputError InvalidOutputError InvalidProfileError InvalidWorldError MemoryStore OpenAIProvider PersonaEngine PersonaError PersonaHandle PersonaJoinError PersonaPlugin ProceduralProvider ProviderError RedisStore SqliteStore StoreBusyError StoreJobQueue StoreUnavailableError WorldHandle"
for cls in $(grep -hoE "declare class [A-Za-z0-9_]+" dist/*.d.ts dist/*/*.d.ts | awk '{print $3}' | sort -u); do
  case " $public_classes " in *" $cls "*) ;; *) echo "internal class $cls in the published .d.ts" >&2; exit 1 ;; esac
done
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
cd "$work"
npm init -y >/dev/null
npm install --prefer-offline --no-audit --no-fund "./$tarball" @colyseus/core@0.18 @colyseus/schema@5 typescript@5.9 @types/node@20 >/dev/null

echo "bin:"
./node_modules/.bin/colyseus-personas generate --world "A pirate port" --count 2 --stage bio --format jsonl --db "$work/p.db" --provider procedural > out.jsonl
test "$(wc -l < out.jsonl)" -eq 2
node -e "for (const l of require('fs').readFileSync('out.jsonl','utf8').trim().split('\n')) { const r = JSON.parse(l); if (!r.name || !r.bio || r.source !== 'procedural') process.exit(1); }"

echo "cjs:"
node -e "const m = require('colyseus-personas'); const t = require('colyseus-personas/testing'); const p = require('colyseus-personas/plugin'); if (typeof m.createPersonaEngine !== 'function' || typeof t.startTestLlmServer !== 'function' || typeof p.PersonaPlugin !== 'function') process.exit(1)"
# The offline world model loads compromise lazily (createRequire): make a persona through the CommonJS build too.
node -e "const m = require('colyseus-personas'); (async () => { const e = m.createPersonaEngine({ store: 'memory', provider: 'procedural' }); const r = await e.world({ id: 'w', description: 'A whaling town in 1850s New England' }).persona('a').bio; if (!r.bio.includes(r.name)) process.exit(1); await e.close(); })().catch((err) => { console.error(err); process.exit(1); })"

echo "esm:"
node --input-type=module -e "
import { createPersonaEngine } from 'colyseus-personas';
const e = createPersonaEngine({ store: 'memory', provider: 'procedural' });
const r = await e.world({ id: 'w', description: 'A modern neo-Tokyo' }).persona('a').bio;
if (!r.bio.includes(r.name)) process.exit(1);
await e.close();"

echo "types:"
cat > check.mts <<'TS'
import { createPersonaEngine, type PersonaRecord } from 'colyseus-personas';
import { startTestLlmServer } from 'colyseus-personas/testing';
const engine = createPersonaEngine({ store: 'memory' });
const bio: Promise<PersonaRecord> = engine.world({ id: 'w', description: 'A quiet town' }).persona('k').bio;
void bio;
void startTestLlmServer;
TS
# Our own .d.ts files are checked strictly (no skipLibCheck).
npx tsc --noEmit --strict --module nodenext --moduleResolution nodenext check.mts
cat > check-plugin.mts <<'TS'
import { createPersonaEngine } from 'colyseus-personas';
import { NpcPersona, PersonaPlugin } from 'colyseus-personas/plugin';
import { definePlugins, Room } from '@colyseus/core';
import { schema, t } from '@colyseus/schema';
const State = schema({ npcs: t.map(NpcPersona) }, 'State');
export class WorldRoom extends Room<{ state: InstanceType<typeof State> }> {
  override state = new State();
  override plugins = definePlugins([new PersonaPlugin({ engine: createPersonaEngine({ store: 'memory' }) })]);
  override onCreate(): void {
    const npc = this.plugins.personas.spawn({ key: 'innkeeper', hints: ['one-eyed'] });
    void npc.bio;
  }
}
TS
# @colyseus/core's own .d.ts files need @types/express and debug types, which a Colyseus app
# brings; skip library checking here and check only that the plugin's types fit a room.
npx tsc --noEmit --strict --skipLibCheck --module nodenext --moduleResolution nodenext check-plugin.mts
echo "package check passed"
