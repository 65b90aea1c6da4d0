#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (tsx compiles on load; no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
