/**
 * Test helpers shipped as `colyseus-personas/testing`: the loopback OpenAI-compatible LLM
 * server (scripted replies, latency, streaming, faults) and `autoReply`, the deterministic
 * reply it writes, usable without HTTP as a fixture. test/public-api.test.ts pins this
 * surface; the reply writers' parts (prompt reading, bio and backstory text) are internal.
 *   import { startTestLlmServer } from 'colyseus-personas/testing';
 *   const server = await startTestLlmServer(); // server.url -> new OpenAI({ baseURL })
 * Cost: nothing until a server is started.
 */
export {
  startTestLlmServer,
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type FaultMix,
  type ResolvedFaultMix,
  type FinishReason,
  type CustomReply,
  type LoggedRequest,
  type ReplyRequest,
  type ResolvedTestLlmServerConfig,
  type ScriptedReply,
  type ScriptEntry,
  type ScriptFilter,
  type TestLlmServer,
  type TestLlmServerConfig,
  type TestLlmServerOptions,
} from './openai-test-server.js';
export { autoReply, type AutoReply, type AutoReplyOptions, type DataBlockValue } from './auto-replies.js';
