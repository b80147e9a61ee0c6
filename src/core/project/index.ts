/** The `.hjblab` project format: schema, versions and migrations, array encoding, share links. */
export { ProjectError, type ProjectErrorCode } from './errors';
export {
  decodeArray,
  encodeArray,
  DTYPES,
  type DType,
  type EncodedArray,
  type StoredArray,
  type TypedArray,
} from './array-codec';
export type { JsonValue } from './json-value';
export {
  COLORMAPS,
  OVERLAYS,
  type CameraState,
  type Colormap,
  type Overlay,
  type Project,
  type ProjectRun,
  type SettingsValues,
  type SettingValue,
  type SolverSettings,
  type Vec3,
  type ViewState,
} from './types';
export { createProject, defaultView, type ProjectInit } from './defaults';
export { CURRENT_SCHEMA_VERSION, FORMAT_TAG } from './schema';
export { MIGRATIONS, migrateDocument, OLDEST_SCHEMA_VERSION, type Migration } from './migrations';
export {
  MAX_DECODED_BYTES,
  MAX_PROJECT_BYTES,
  parseProject,
  PROJECT_EXTENSION,
  serializeProject,
  type ParseOptions,
} from './project-file';
export {
  decodeShareFragment,
  encodeShareFragment,
  MAX_SHARE_FRAGMENT_CHARS,
  SHARE_PREFIX,
} from './share-link';
