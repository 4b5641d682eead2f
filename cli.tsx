#!/usr/bin/env node
// Composition root: the real process → the command program (source/cli/program.ts, which registers the
// contract of DESIGN.md and maps outcomes to exit codes).
import { processIo } from './source/cli/cli-io.js';
import { runProgram } from './source/cli/program.js';

process.exitCode = await runProgram(process.argv, { io: processIo(), stdin: process.stdin });
