/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_MAP_TILES?: string;
}
