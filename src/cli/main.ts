/**
 * Bin entry of `colyseus-personas` (package.json "bin"): runs the program in program.ts.
 * Cost: none beyond the command itself.
 */
import { main } from './program.js';

void main();
