/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API is when the console is served from another origin (split mode); empty otherwise. */
  readonly VITE_API_BASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
