/** Disk image format inspection: what an image's bytes are, and whether they may be used. */
export { FormatInspector, type InspectionResult } from './format-inspector.js';
export { checkDeclaredFormat, recordedVirtualSize } from './declared-format.js';
