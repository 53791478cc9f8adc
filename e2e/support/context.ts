// Values the global setup hands to test files through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the server started for this run. */
    baseURL: string;
    /** A REST token when the before-start hook created one; '' otherwise. */
    apiToken: string;
    /** The server's log file, to point at when something fails. */
    serverLog: string;
    /** Users the before-start hook created, one per role (see login.ts `credenciales`). */
    credenciales: Partial<Record<'admin' | 'operador' | 'lector', { email: string; password: string }>>;
    /** The real Prometheus the server was started with (support/prometheus.ts); '' when not installed. */
    prometheusURL: string;
  }
}

export {};
