// The SPA imports only this type; `import type` keeps server code out of the browser bundle.
export type { AppRouter } from './trpc/root';
