import { visibleSpecs } from '../../volume-types/extra-specs.js';
import type { VolumeTypeRecord } from '../../volume-types/volume-type-records.js';

/** What the caller's policies let a type view show (each rule checked on the caller's project). */
export interface TypeViewRights {
  /** `volume_extension:access_types_extra_specs`: the extra_specs field. */
  extraSpecs: boolean;
  /** `volume_extension:types_extra_specs:read_sensitive`: all specs, not only the user-visible ones. */
  readSensitive: boolean;
  /** `volume_extension:access_types_qos_specs_id`. */
  qosSpecsId: boolean;
  /** `volume_extension:volume_type_access`: the os-volume-type-access:is_public field. */
  accessIsPublic: boolean;
}

/** Cinder's v3 type view (show and list), with the fields the caller's rights allow. */
export function volumeTypeView(type: VolumeTypeRecord, rights: TypeViewRights) {
  return {
    id: type.id,
    name: type.name,
    is_public: type.is_public === 1,
    description: type.description,
    ...(rights.extraSpecs ? { extra_specs: visibleSpecs(type.extraSpecs, rights.readSensitive) } : {}),
    ...(rights.qosSpecsId ? { qos_specs_id: type.qos_specs_id } : {}),
    ...(rights.accessIsPublic ? { 'os-volume-type-access:is_public': type.is_public === 1 } : {}),
  };
}

/**
 * The view of the types-manage extension (create and update): every extra spec, no QoS id; the
 * access extension adds os-volume-type-access:is_public to the create answer only.
 */
export function managedTypeView(type: VolumeTypeRecord, withAccess: boolean) {
  return {
    id: type.id,
    name: type.name,
    is_public: type.is_public === 1,
    extra_specs: type.extraSpecs,
    description: type.description,
    ...(withAccess ? { 'os-volume-type-access:is_public': type.is_public === 1 } : {}),
  };
}
