// Entry of the training worker thread. Workspace packages are TypeScript run by tsx, and a worker
// thread does not inherit the loader of the process (nor vitest's), so it registers tsx's ESM hooks
// itself (`import 'tsx'` registers only on the main thread under Node 20) before importing the
// TypeScript body. Plain JavaScript: nothing can load TypeScript before this.
import { register } from 'tsx/esm/api';

register();
await import('./training-thread-body.ts');
