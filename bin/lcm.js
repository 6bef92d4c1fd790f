#!/usr/bin/env node
// The `lcm` command: runs the TypeScript entry point through tsx's loader so no build step is needed.
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
