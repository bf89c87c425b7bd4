/**
 * Prisma's schema engine, run as WebAssembly through a driver adapter.
 *
 * The native engine that `prisma migrate` downloads at run time cannot be fetched on a machine
 * without internet; the official `@prisma/schema-engine-wasm` build of the same engine needs no
 * download, so Hearth applies migrations (and the authoring script diffs schemas) with it. The
 * package's `exports` omit its `.wasm`, hence the manual instantiation below.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type EngineModule = typeof import('@prisma/schema-engine-wasm');

/** The slice of the WebAssembly global used here (lib.dom is not in this project's types). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loaded: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule & {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
  };
  const bytes = await readFile(join(folder, 'schema_engine_bg.wasm'));
  const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

export interface OpenEngine {
  readonly engine: SchemaEngine;
  /**
   * Frees the engine and disposes the connections it opened. On SQLite the engine takes
   * `locking_mode=EXCLUSIVE`, so its connection must be gone before anything else can write.
   */
  close(): Promise<void>;
}

/** Opens a schema engine over a driver adapter factory, with the given schema files loaded. */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodels: Array<[path: string, content: string]>,
  log: (message: string) => void = () => {},
): Promise<OpenEngine> {
  loaded ??= loadEngineModule();
  const bindings = await loaded;
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  function remember(adapter: SqlDriverAdapter): SqlDriverAdapter {
    opened.push(adapter);
    return adapter;
  }
  const engine = await bindings.SchemaEngine.new(
    { datamodels },
    (message: string) => log(message),
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    async close() {
      engine.free();
      // Best effort: a connection that fails to close has nothing left for us to do with it.
      await Promise.allSettled(opened.splice(0).map(async (adapter) => adapter.dispose()));
    },
  };
}

export const noSchemaFilter = { externalTables: [], externalEnums: [] };
