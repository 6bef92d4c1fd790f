/** The config kernel: the settings schema and the loader. */
export {
  ConfigSchema,
  StoreConfigSchema,
  type ApiConfig,
  type AutoscalingConfig,
  type AuthConfig,
  type DemoConfig,
  type EventsConfig,
  type LabsConfig,
  type SessionsConfig,
  type LcmConfig,
  type ProvidersConfig,
  type SchedulingConfig,
  type StoreConfig,
} from './schema.js';
export { loadConfig, listSettings, type LoadConfigOptions, type SettingLeaf } from './load.js';
