/**
 * Test helpers shipped as `colyseus-personas/testing`: the loopback OpenAI-compatible LLM
 * server and the deterministic replies it writes (usable without HTTP as fixtures).
 *   import { startTestLlmServer } from 'colyseus-personas/testing';
 *   const server = await startTestLlmServer(); // server.url -> new OpenAI({ baseURL })
 * Cost: nothing until a server is started.
 */
export * from './openai-test-server.js';
export { autoReply, bioText, backstoryText, readPerson } from './auto-replies.js';
export type { AutoReply, AutoReplyOptions, DataBlockValue, PromptPerson } from './auto-replies.js';
export { autoProfile, nameCultureFor } from './auto-profile.js';
export { sampleJsonSchema } from './json-schema-sample.js';
