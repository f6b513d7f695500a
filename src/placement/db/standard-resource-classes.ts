export { STANDARD_RESOURCE_CLASSES } from '../../common/resource-classes.js';

/** Custom classes (`CUSTOM_*`) are numbered from here, as upstream numbers them. */
export const FIRST_CUSTOM_RESOURCE_CLASS_ID = 10000;
