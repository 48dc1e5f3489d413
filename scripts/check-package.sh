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
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
cd "$work"
npm init -y >/dev/null
npm install --prefer-offline --no-audit --no-fund "./$tarball" typescript@5.9 @types/node@20 >/dev/null

echo "bin:"
./node_modules/.bin/colyseus-personas generate --world "A pirate port" --count 2 --stage bio --format jsonl --db "$work/p.db" --provider procedural > out.jsonl
test "$(wc -l < out.jsonl)" -eq 2
node -e "for (const l of require('fs').readFileSync('out.jsonl','utf8').trim().split('\n')) { const r = JSON.parse(l); if (!r.name || !r.bio || r.source !== 'procedural') process.exit(1); }"

echo "cjs:"
node -e "const m = require('colyseus-personas'); const t = require('colyseus-personas/testing'); if (typeof m.createPersonaEngine !== 'function' || typeof t.startTestLlmServer !== 'function') process.exit(1)"

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
npx tsc --noEmit --strict --module nodenext --moduleResolution nodenext check.mts
echo "package check passed"
